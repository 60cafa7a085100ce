package dev.aigate.checks;

import dev.aigate.policy.RequirementResult.FileNote;

/** A per-file note in words: the annotation on the file, its row in the check run's file list and the decision log. */
public final class FileNoteText {

    private FileNoteText() {
    }

    public static String message(FileNote n) {
        if (n.note() instanceof FileNote.NeedsOwner o) {
            return "needs approval from a code owner: "
                    + String.join(", ", o.owners().stream().map(x -> x.contains("@") ? x : "@" + x).toList());
        }
        if (n.note() instanceof FileNote.Untested u) {
            return "changed without a matching test change (expected under " + u.mustChange() + ")";
        }
        throw new IllegalArgumentException("unknown file note: " + n.note());
    }
}
