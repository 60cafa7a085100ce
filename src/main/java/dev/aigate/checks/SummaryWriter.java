package dev.aigate.checks;

import java.util.List;

/**
 * Writes the markdown summary of one evaluated pull request, one {@link SummarySection} after another: verdict
 * and next steps first, then facts, problems, notes, rules, evidence and the footer. Every list has a cap; the
 * budget stops everything else at GitHub's byte limit. What did not belong in the summary is the
 * {@link LongDetail}.
 */
final class SummaryWriter {

    private final List<SummarySection> sections;

    /**
     * @param annotationNote a sentence about capped annotations, or null
     * @param detailsUrl     the details page, or null for no link
     */
    SummaryWriter(String annotationNote, String detailsUrl) {
        this.sections = List.of(new HeadlineSection(), new NextStepsSection(), new FactsSection(), new ProblemsSection(),
                new NotesSection(annotationNote), new RulesSection(), new EvidenceSection(), new FooterSection(detailsUrl));
    }

    /**
     * Writes one pull request's summary.
     *
     * @param scope prefix for the names of cut sections ({@code "acme/app#12: "}), empty for one PR
     * @param level markdown heading level of the headline (2 alone, 3 inside a combined run)
     */
    void write(PullRequestResult r, MarkdownBudget md, String scope, int level) {
        SummaryScope sc = new SummaryScope(r, md, scope, level);
        for (SummarySection s : sections) {
            s.write(sc);
        }
    }
}
