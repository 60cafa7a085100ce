package dev.aigate.checks;

import dev.aigate.policy.PatchDiff;
import dev.aigate.policy.RequirementResult.Exclusion;
import dev.aigate.snapshot.PatchFingerprint;

import java.util.ArrayList;
import java.util.List;

/** Why an approval did not count, in words: the check run's "Not counted" list and the decision log's reason. */
public final class ExclusionText {

    private ExclusionText() {
    }

    public static String reason(Exclusion x) {
        Exclusion.Why why = x.why();
        if (why instanceof Exclusion.Author) {
            return "author of the pull request";
        }
        if (why instanceof Exclusion.Bot) {
            return "a bot account";
        }
        if (why instanceof Exclusion.Committer c) {
            return "authored or committed commit " + c.commit() + " of this pull request";
        }
        if (why instanceof Exclusion.CoAuthor c) {
            return "co-author of commit " + c.commit() + " (Co-authored-by trailer)";
        }
        if (why instanceof Exclusion.Initiator i) {
            return "started the agent's pull request (" + i.how() + ", " + i.location() + ")";
        }
        if (why instanceof Exclusion.BeforePush b) {
            return "approved commit " + shortSha(b.approvedSha()) + ", before the latest push (head is "
                    + shortSha(b.headSha()) + ")";
        }
        if (why instanceof Exclusion.ChangedSince c) {
            return "approved commit " + shortSha(c.approvedSha()) + ", " + dropped(c.diff()) + " (head is "
                    + shortSha(c.headSha()) + ")";
        }
        if (why instanceof Exclusion.NotFrom n) {
            List<String> parts = new ArrayList<>();
            if (n.listedUsers()) {
                parts.add("a listed user");
            }
            if (!n.teams().isEmpty()) {
                parts.add("a member of " + String.join(" or ", n.teams())
                        + (n.teamsUnknown() ? " (team members could not be loaded)" : ""));
            }
            if (n.permission() != null) {
                parts.add("a user with " + n.permission().id() + " permission (has "
                        + (n.has() == null ? "unknown" : n.has().id()) + ")");
            }
            return "not " + String.join(", nor ", parts);
        }
        throw new IllegalArgumentException("unknown exclusion: " + why);
    }

    /** Why an approval on an earlier head no longer holds under {@code diff_change}. */
    private static String dropped(PatchDiff d) {
        if (d.outcome() == PatchDiff.Outcome.UNKNOWN) {
            String why = switch (d.gap()) {
                case NO_PATCH -> "GitHub gives no patch for " + (d.gapDetail().isEmpty() ? "a file" : d.gapDetail())
                        + " (a binary or very large file)";
                case TOO_MANY_FILES -> "GitHub lists at most " + PatchFingerprint.MAX_COMPARE_FILES
                        + " files of a comparison";
                case FILES_CUT -> "GitHub listed the pull request's files only in part";
                case UNAVAILABLE -> "GitHub could not compare that commit with the base branch";
            };
            return "and ai-gate cannot tell whether the changes are the same since: " + why + "; the approval is dropped";
        }
        List<String> parts = new ArrayList<>();
        if (!d.changed().isEmpty()) {
            parts.add("changed " + few(d.changed()));
        }
        if (!d.added().isEmpty()) {
            parts.add("now also changes " + few(d.added()));
        }
        if (!d.removed().isEmpty()) {
            parts.add("no longer changes " + few(d.removed()));
        }
        return "and the pull request's own changes differ since: " + String.join("; ", parts);
    }

    private static String few(List<String> files) {
        List<String> shown = files.stream().limit(3).toList();
        return String.join(", ", shown) + (files.size() > 3 ? " and " + (files.size() - 3) + " more" : "");
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }
}
