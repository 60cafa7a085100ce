package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.Verdict;
import dev.aigate.snapshot.PullRequestKey;

import java.util.Objects;

/**
 * One evaluated pull request, as the renderer needs it.
 *
 * @param pr         which pull request
 * @param headSha    the commit the check run is attached to
 * @param evaluation the result tree
 * @param policyPath the policy file's path in this repository, for annotations on its lines; null when
 *                   the policy lives elsewhere (organisation or server default), so no line can be annotated
 * @param override   a recorded override, or null
 */
public record PullRequestResult(PullRequestKey pr, String headSha, Evaluation evaluation, String policyPath,
                                GateOverride override) {

    public PullRequestResult {
        Objects.requireNonNull(pr, "pr");
        Objects.requireNonNull(evaluation, "evaluation");
    }

    public static PullRequestResult of(PullRequestKey pr, String headSha, Evaluation evaluation, String policyPath) {
        return new PullRequestResult(pr, headSha, evaluation, policyPath, null);
    }

    public PullRequestResult withOverride(GateOverride o) {
        return new PullRequestResult(pr, headSha, evaluation, policyPath, o);
    }

    /** Whether a recorded override turns a blocking verdict into a pass. */
    public boolean overridden() {
        return override != null && evaluation.verdict().blocks();
    }

    /** The verdict the check run shows: the policy's, unless an override lifts a blocking one. */
    public Verdict effectiveVerdict() {
        return overridden() ? Verdict.SUCCESS : evaluation.verdict();
    }
}
