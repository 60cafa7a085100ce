package dev.aigate.checks;

import dev.aigate.policy.Evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * The notes: the evaluation's own, the classifier's, and a sentence about capped annotations.
 */
final class NotesSection implements SummarySection {

    private final String annotationNote;

    /** @param annotationNote a sentence about capped annotations, or null */
    NotesSection(String annotationNote) {
        this.annotationNote = annotationNote;
    }

    @Override
    public void write(SummaryScope sc) {
        notes(sc.result().evaluation(), annotationNote, sc.md(), sc.scope(), sc.h2());
    }

    private static void notes(Evaluation e, String annotationNote, MarkdownBudget md, String scope, String h2) {
        List<String> notes = new ArrayList<>(e.notes());
        if (e.provenance() != null) {
            // The classifier's own remarks: claims of "no AI" it did not act on, capped evidence, overrides.
            notes.addAll(e.provenance().notes());
        }
        if (annotationNote != null) {
            notes.add(annotationNote);
        }
        // With no policy, the only note is the headline's explanation: say it plainly, no heading.
        if (e.policyState() == Evaluation.PolicyState.NONE) {
            for (String n : notes) {
                md.append(Markdown.text(n, 1000) + "\n\n");
            }
            return;
        }
        if (notes.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(h2).append(' ').append(CheckRunText.SECTION_NOTES).append("\n\n");
        for (String n : notes) {
            b.append("- ").append(Markdown.text(n, 1000)).append('\n');
        }
        if (!md.append(b.append('\n').toString())) {
            md.omit(scope + "notes (" + notes.size() + ")");
        }
    }
}
