package dev.aigate.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * What one evaluation tells the lifecycle: the pull request as GitHub returned it, and what the gate decided.
 *
 * @param createdAt         when the pull request was opened (GitHub's created_at), or null
 * @param provenanceClass   the class, or null when none was computed
 * @param conclusion        the conclusion the check run shows
 * @param blocked           that conclusion is failure or action_required
 * @param overridden        an override lifted a blocking verdict
 * @param approvalsCounted  distinct people whose approval counted towards an approvals or codeowners requirement
 * @param approvalsRequired the most approvals an applied rule asks for (0 when none does)
 * @param approvalsUnmet    an applied approvals or codeowners requirement was not satisfied
 * @param firstApprovalAt   the submission time of the earliest approval among those that counted, or null
 * @param blockers          the requirements of enforced rules that kept this evaluation from passing
 * @param policySource      repository, organization, server_default, command_line, none or invalid
 */
public record Evaluated(String repo, int number, String author, Instant createdAt, boolean draft,
                        String provenanceClass, String conclusion, boolean blocked, boolean overridden,
                        int approvalsCounted, int approvalsRequired, boolean approvalsUnmet, Instant firstApprovalAt,
                        List<Blocker> blockers, String policySource, String policyLocation, Instant evaluatedAt) {

    public Evaluated {
        blockers = List.copyOf(blockers);
    }

    /** A requirement ({@code approvals}, {@code tests}...) of the rule named {@code rule} that was not met. */
    public record Blocker(String rule, String requirement) {
    }
}
