package dev.aigate.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * The footer: the commit evaluated and the link to the details page.
 */
final class FooterSection implements SummarySection {

    private final String detailsUrl;

    /** @param detailsUrl the details page, or null when the server has no public URL */
    FooterSection(String detailsUrl) {
        this.detailsUrl = detailsUrl;
    }

    @Override
    public void write(SummaryScope sc) {
        footer(sc.result(), sc.md(), detailsUrl);
    }

    private static void footer(PullRequestResult r, MarkdownBudget md, String detailsUrl) {
        List<String> parts = new ArrayList<>();
        if (r.headSha() != null && !r.headSha().isEmpty()) {
            parts.add("Evaluated at " + Markdown.code(Markdown.shortSha(r.headSha()), 10));
        }
        if (detailsUrl != null) {
            parts.add("[Details page](" + detailsUrl + ")");
        }
        if (!parts.isEmpty()) {
            md.append("<sub>" + String.join(" · ", parts) + "</sub>\n");
        }
    }
}
