package dev.aigate.checks;

import dev.aigate.policy.RequirementResult;

import java.util.List;

/**
 * The table of per-file notes that the rules section and the long detail share.
 */
final class FileNotesTable {

    /** Per-file notes per requirement in the summary; the rest go to the long detail. */
    static final int IN_SUMMARY = 20;

    private FileNotesTable() {
    }

    /**
     * Whether any note points at a particular line. Line 1 stands for the whole file, so a column of
     * nothing but 1s would say nothing, and is left out.
     */
    static boolean hasLines(List<RequirementResult.FileNote> notes) {
        return notes.stream().anyMatch(n -> n.line() > 1);
    }

    static String header(List<RequirementResult.FileNote> notes) {
        return hasLines(notes) ? "| File | Line | Note |\n|---|---|---|\n" : "| File | Note |\n|---|---|\n";
    }

    static String row(RequirementResult.FileNote n, boolean lines) {
        return "| " + Markdown.code(n.path(), 200) + " | " + (lines ? (n.line() > 1 ? n.line() : "") + " | " : "")
                + Markdown.text(FileNoteText.message(n), 300) + " |\n";
    }
}
