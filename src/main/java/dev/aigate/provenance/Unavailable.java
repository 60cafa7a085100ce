package dev.aigate.provenance;

/**
 * Something the classifier would have used but could not: GitHub did not answer a read, or the
 * organisation's signal catalogue was invalid and ignored. Data; the check run words it.
 *
 * @param kind     what it was
 * @param location where it was read from: {@code GET /repos/o/r/issues/5}, {@code acme/.github:ai-gate-signals.yml}
 * @param reason   why it was not used: {@code HTTP 404}, or the catalogue's {@code file:line:col: message}
 */
public record Unavailable(Kind kind, String location, String reason) {

    public enum Kind {
        /** Which App created the pull request ({@code performed_via_github_app}). */
        CREATING_APP,
        /** The agent workflow run the pull request links to (who triggered it). */
        WORKFLOW_RUN,
        /** The organisation's extra signal catalogue: invalid, so ignored. */
        ORG_CATALOGUE
    }
}
