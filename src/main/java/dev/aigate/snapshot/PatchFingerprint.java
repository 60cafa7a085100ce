package dev.aigate.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pull request's own changes at one head commit, reduced to what survives a rebase: per file,
 * a digest of its status, its old name for a rename, and its added and removed lines, each run of
 * them with the unchanged line just before and just after it. Hunk headers ({@code @@ -a,b +c,d @@},
 * line numbers) and the rest of the context are left out, so a rebase onto a newer base, or a merge
 * of the base into the pull request, that leaves the pull request's own changes alone gives the same
 * fingerprint. A fingerprint can be {@link #known() unknown}, with the {@link Gap} that made it so:
 * then nothing can be concluded from it.
 *
 * @param files     path at the head -> digest of its normalised patch; empty when unknown
 * @param gap       why the changes at this head are not known, or null when they are
 * @param gapDetail the file or figure the gap concerns (e.g. the file without a patch), or ""
 */
public record PatchFingerprint(Map<String, String> files, Gap gap, String gapDetail) {

    /** GitHub lists at most this many files in a comparison of two commits. */
    public static final int MAX_COMPARE_FILES = 300;

    /** Why a head's changes are not known. */
    public enum Gap {
        /** GitHub gave no patch for a changed file (a binary or a very large file, or a very large diff). */
        NO_PATCH,
        /** The comparison lists as many files as GitHub lists at most; more may have changed. */
        TOO_MANY_FILES,
        /** The pull request's file listing was cut short. */
        FILES_CUT,
        /** GitHub could not compare the commits (the approved commit is gone, or the comparison failed). */
        UNAVAILABLE
    }

    /** One changed file as GitHub lists it; {@code patch} is null when GitHub gave none. */
    public record FilePatch(String filename, String previousFilename, String status, int changes, String blobSha,
                            String patch) {
    }

    public PatchFingerprint {
        files = gap != null ? Map.of() : Map.copyOf(files);
        gapDetail = gapDetail == null ? "" : gapDetail;
    }

    public static PatchFingerprint unknown(Gap gap, String detail) {
        return new PatchFingerprint(Map.of(), gap, detail);
    }

    public boolean known() {
        return gap == null;
    }

    /**
     * The fingerprint of a listing of changed files. A file without a patch is known only when its
     * contents fix the diff: a pure rename, or an added or removed file with no changed lines (its
     * blob SHA then stands for it); any other file without a patch makes the whole fingerprint unknown.
     */
    public static PatchFingerprint of(List<FilePatch> files) {
        Map<String, String> out = new TreeMap<>();
        for (FilePatch f : files) {
            if (f.filename() == null) {
                return unknown(Gap.NO_PATCH, "");
            }
            StringBuilder text = new StringBuilder();
            token(text, f.status() == null ? "" : f.status());
            token(text, f.previousFilename() == null ? "" : f.previousFilename());
            if (f.patch() != null) {
                normalise(f.patch(), text);
            } else if (f.changes() == 0 && ("renamed".equals(f.status()) || "added".equals(f.status())
                    || "removed".equals(f.status())) && f.blobSha() != null) {
                token(text, "blob " + f.blobSha());
            } else {
                return unknown(Gap.NO_PATCH, f.filename());
            }
            out.put(f.filename(), digest(text.toString()));
        }
        return new PatchFingerprint(out, null, "");
    }

    /**
     * Appends the patch's changed lines as tokens: each run of added, removed and "no newline" lines,
     * preceded and followed by the nearest unchanged line of the same hunk (empty when there is none).
     */
    static void normalise(String patch, StringBuilder out) {
        String[] lines = patch.split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--; // a final newline is not a line of its own
        }
        String before = "";
        boolean inRun = false;
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            if (line.startsWith("@@")) {
                if (inRun) {
                    token(out, "after ");
                    inRun = false;
                }
                before = "";
                continue;
            }
            char c = line.isEmpty() ? ' ' : line.charAt(0);
            if (c == '+' || c == '-' || c == '\\') {
                if (!inRun) {
                    token(out, "before " + before);
                    inRun = true;
                }
                token(out, line);
            } else {
                String context = line.isEmpty() ? "" : line.substring(1);
                if (inRun) {
                    token(out, "after " + context);
                    inRun = false;
                }
                before = context;
            }
        }
        if (inRun) {
            token(out, "after ");
        }
    }

    private static void token(StringBuilder out, String s) {
        out.append(s.length()).append(':').append(s).append('\n');
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
