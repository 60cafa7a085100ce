package dev.aigate.checks;

/**
 * Where a summary is written: the pull request, the budget it is written into, the prefix for the names of cut
 * sections ({@code "acme/app#12: "}, empty for one pull request) and the heading level of its headline (2 alone,
 * 3 inside a combined check run).
 */
record SummaryScope(PullRequestResult result, MarkdownBudget md, String scope, int level) {

    String h() {
        return "#".repeat(level);
    }

    String h2() {
        return "#".repeat(level + 1);
    }

    String h3() {
        return "#".repeat(level + 2);
    }
}
