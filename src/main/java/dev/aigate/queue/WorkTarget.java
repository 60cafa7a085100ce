package dev.aigate.queue;

/**
 * What an event asks to be (re-)evaluated: one pull request, the open pull requests whose head is a commit, the
 * open pull requests of a repository, or those of every repository of an installation.
 *
 * <p>Every variant carries the App installation whose token may read it. {@link #key()} is the coalescing key:
 * all pending work with the same key runs once. How a target is stored is {@link StoredTarget}'s business.
 */
public sealed interface WorkTarget {

    /** The App installation whose token may read the target. */
    long installationId();

    /** The coalescing key: all pending work with the same key runs once. */
    String key();

    /** One pull request. */
    record PullRequest(long installationId, String repo, int number) implements WorkTarget {
        @Override
        public String key() {
            return repo + "#" + number;
        }
    }

    /** The open pull requests whose head is {@code sha} (a status or check on a commit). */
    record Commit(long installationId, String repo, String sha) implements WorkTarget {
        @Override
        public String key() {
            return repo + "@" + sha;
        }
    }

    /** The open pull requests of one repository (its policy changed, it was added to the installation). */
    record Repository(long installationId, String repo) implements WorkTarget {
        @Override
        public String key() {
            return repo;
        }
    }

    /**
     * The open pull requests of every repository of the installation (the organisation policy changed). Its key
     * names the installation: two organisations' policy changes are two jobs (earlier releases keyed both
     * {@code *}, so the second overwrote the first's installation and one organisation was never re-evaluated).
     * A row an earlier release left keyed {@code *} still runs and completes under that key (see
     * {@link ClaimedJob#key()}).
     */
    record Installation(long installationId) implements WorkTarget {
        @Override
        public String key() {
            return StoredTarget.WHOLE_INSTALLATION + ":" + installationId;
        }
    }

    static WorkTarget pullRequest(long installationId, String repo, int number) {
        return new PullRequest(installationId, repo, number);
    }

    static WorkTarget commit(long installationId, String repo, String sha) {
        return new Commit(installationId, repo, sha);
    }

    static WorkTarget repository(long installationId, String repo) {
        return new Repository(installationId, repo);
    }

    static WorkTarget installation(long installationId) {
        return new Installation(installationId);
    }
}
