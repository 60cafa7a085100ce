package dev.aigate.queue;

/**
 * What an event asks to be (re-)evaluated. Exactly one of {@code number} and {@code sha} is set,
 * or neither for a whole repository.
 *
 * @param installationId the App installation whose token may read the repository
 * @param repo           {@code owner/repo}
 * @param number         a pull request number, or null
 * @param sha            a head SHA whose open pull requests should be found and evaluated, or null
 */
public record WorkTarget(long installationId, String repo, Integer number, String sha) {

    public static WorkTarget pullRequest(long installationId, String repo, int number) {
        return new WorkTarget(installationId, repo, number, null);
    }

    public static WorkTarget commit(long installationId, String repo, String sha) {
        return new WorkTarget(installationId, repo, null, sha);
    }

    public static WorkTarget repository(long installationId, String repo) {
        return new WorkTarget(installationId, repo, null, null);
    }

    /** The coalescing key: all pending work with the same key runs once. */
    public String key() {
        if (number != null) {
            return repo + "#" + number;
        }
        return sha != null ? repo + "@" + sha : repo;
    }
}
