package dev.aigate.policy;

import dev.aigate.snapshot.PatchFingerprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a pull request's own changes are the same at two head commits, as {@code git range-diff}
 * would judge it: every file changed at one head is changed at the other, with the same status, the
 * same old name for a rename, and the same added and removed lines (see {@link PatchFingerprint}).
 *
 * @param outcome  same, changed, or unknown (one of the two could not be read whole)
 * @param added    files the pull request changes now but did not at the earlier head
 * @param removed  files it changed at the earlier head but no longer does
 * @param changed  files whose own changes differ
 * @param gap      when unknown: why
 * @param gapDetail when unknown: the file or figure concerned
 */
public record PatchDiff(Outcome outcome, List<String> added, List<String> removed, List<String> changed,
                        PatchFingerprint.Gap gap, String gapDetail) {

    public enum Outcome {
        SAME, CHANGED, UNKNOWN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PatchDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        gapDetail = gapDetail == null ? "" : gapDetail;
    }

    /** Compares the changes at an earlier head with those at the current one; unknown when either is. */
    public static PatchDiff compare(PatchFingerprint earlier, PatchFingerprint current) {
        for (PatchFingerprint f : new PatchFingerprint[]{earlier, current}) {
            if (f == null) {
                return new PatchDiff(Outcome.UNKNOWN, List.of(), List.of(), List.of(), PatchFingerprint.Gap.UNAVAILABLE, "");
            }
            if (!f.known()) {
                return new PatchDiff(Outcome.UNKNOWN, List.of(), List.of(), List.of(), f.gap(), f.gapDetail());
            }
        }
        Map<String, String> a = earlier.files();
        Map<String, String> b = current.files();
        Set<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String path : all) {
            String x = a.get(path);
            String y = b.get(path);
            if (x == null) {
                added.add(path);
            } else if (y == null) {
                removed.add(path);
            } else if (!x.equals(y)) {
                changed.add(path);
            }
        }
        boolean same = added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        return new PatchDiff(same ? Outcome.SAME : Outcome.CHANGED, added, removed, changed, null, "");
    }

    public boolean same() {
        return outcome == Outcome.SAME;
    }
}
