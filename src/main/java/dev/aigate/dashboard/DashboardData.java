package dev.aigate.dashboard;

import java.time.Instant;
import java.util.List;

/** Every figure of one organisation's dashboard over one window, as {@link DashboardQueries} read them. */
public record DashboardData(Window window, List<ShareBucket> share, List<Wait> waits, List<Outcome> outcomes,
                            List<Override> overrides, List<Blocker> blockers, List<RepoPolicy> withoutPolicy,
                            List<Waiting> waiting, List<UnderApproved> underApproved, List<RepoRow> repositories,
                            List<String> knownRepositories) {

    /**
     * The organisation (lower case), the window [since, until), the width of one time-series bucket, and a
     * repository to narrow every figure to, or null.
     */
    public record Window(String owner, Instant since, Instant until, long bucketMillis, int days, String repo) {
    }

    /** Pull requests opened in one bucket of the window, by class. */
    public record ShareBucket(Instant start, String provenanceClass, int prs) {
    }

    /**
     * Review wait for one class: from ready for review to the first approval that counted, and to merge, in
     * milliseconds; null medians when no pull request got that far.
     */
    public record Wait(String provenanceClass, int approved, Double approvalMedian, Double approvalP90, int merged,
                       Double mergeMedian, Double mergeP90) {
    }

    /** How many pull requests of one class ended one way (see {@link DashboardQueries#OUTCOMES}). */
    public record Outcome(String provenanceClass, String outcome, int prs) {
    }

    public record Override(String repo, int pr, String headSha, String actor, String reason, Instant at,
                           String provenanceClass) {
    }

    public record Blocker(String rule, String requirement, int prs) {
    }

    public record RepoPolicy(String repo, String source, String location, Instant lastEvaluated) {
    }

    public record Waiting(String repo, int pr, String author, String provenanceClass, Instant readySince,
                          String lastConclusion, int approvalsCounted, int approvalsRequired) {
    }

    public record UnderApproved(String repo, int pr, String author, Instant mergedAt, int approvalsCounted,
                                int approvalsRequired, boolean overridden, String lastConclusion) {
    }

    public record RepoRow(String repo, int prs, int ai, Double approvalMedian, Double mergeMedian, int blocked,
                          int overridden) {
    }
}
