package dev.aigate.action;

import dev.aigate.github.GitHubCallException;
import dev.aigate.github.GitHubFailures;

import java.io.IOException;
import java.util.Optional;

/**
 * Names the workflow permission a refused call needed. The job's token carries only what the workflow's
 * {@code permissions:} block grants (and anything not listed there is none), so a 403 almost always means
 * a line is missing from it.
 */
public final class MissingPermission {

    /** The block docs/action.md recommends; every line of it is needed. */
    public static final String BLOCK = "permissions:\n  checks: write\n  pull-requests: read\n  contents: read";

    /** What to do, one line, and the YAML to add (null when there is none). */
    public record Advice(String sentence, String yaml) {
    }

    private MissingPermission() {
    }

    /** The advice for a failed call, or empty when the failure is not a refusal. */
    public static Optional<Advice> advice(IOException e) {
        int status = GitHubFailures.status(e);
        if (status == 401) {
            return Optional.of(new Advice("GitHub rejected the token (401): pass the job's token,"
                    + " github-token: ${{ github.token }}", null));
        }
        if (status != 403 && status != 404) {
            return Optional.empty();
        }
        String where = String.valueOf(e.getMessage());
        String permission = permission(where, e instanceof GitHubCallException g && g.isWrite());
        if (permission == null) {
            return Optional.empty();
        }
        if (permission.startsWith("members")) {
            return Optional.of(new Advice("The token cannot read the organisation's teams the policy names (GitHub answered "
                    + status + "); a job's token never can: pass github-token a token with members: read (a GitHub App token).",
                    null));
        }
        return Optional.of(new Advice("The token lacks `" + permission + "` (GitHub answered " + status + "): add it to"
                + " the job's `permissions:` block. ai-gate needs all of:", BLOCK));
    }

    /** The permission behind a request URL or path; the only writes are check-run creations and updates. */
    static String permission(String where, boolean write) {
        if (where.contains("/check-runs")) {
            return write ? "checks: write" : "checks: read";
        }
        if (where.contains("/teams/")) {
            return "members: read";
        }
        if (where.contains("/status")) {
            return "statuses: read";
        }
        // File reads name the file, not the endpoint: "GitHub answered 403 when reading .github/ai-gate.yml".
        int reading = where.indexOf("when reading ");
        if (where.contains("/contents/") || (reading >= 0 && !where.startsWith("/", reading + "when reading ".length()))) {
            return "contents: read";
        }
        if (where.contains("/pulls")) {
            return "pull-requests: read";
        }
        return null;
    }
}
