package dev.aigate.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation decided and why: the audit trail compliance teams ask for, and what the details page and
 * dashboard read.
 *
 * @param id               the store's id; null before {@link DecisionLog#record(DecisionRecord)}
 * @param repo             {@code owner/repo}
 * @param pr               pull request number
 * @param headSha          the head SHA that was evaluated
 * @param installationId   the App installation
 * @param provenanceClass  agent, assisted, declared, suspected, automation or none; null when no class was computed
 *                         because no policy applied or the policy did not load (see {@code policyResult})
 * @param evidence         the provenance evidence (JSON array of signals)
 * @param sizeClass        the size class, or null
 * @param ruleResults      per-rule and per-requirement results (JSON)
 * @param conclusion       the check run conclusion (success, failure, neutral, action_required...)
 * @param approvalsCounted approvals that counted toward requirements
 * @param overrides        overrides in force for this head
 * @param timingsMillis    stage name to milliseconds (e.g. load, classify, evaluate, publish, total)
 * @param evaluatedAt      when the evaluation finished
 * @param policyResult     which policy applied and whether it loaded: {@code {"state": "loaded|none|invalid",
 *                         "location": ..., "problems": ["FILE:LINE:COL: message", ...]}}; null on records written
 *                         before it was kept
 * @param mode             the policy's mode, observe or enforce; null when no policy loaded or on older records
 * @param wouldConclusion  the conclusion the check run would show if every rule were enforced (an override in
 *                         force lifts it too); equals {@code conclusion} when nothing is observed; null on older records
 * @param pullRequest      what the evaluation saw of the pull request, for the details page: {@code {"title", "author",
 *                         "head_ref", "base_ref", "draft"}} (all from the pull request: hostile text); null on older records
 */
public record DecisionRecord(Long id, String repo, int pr, String headSha, long installationId,
                             String provenanceClass, JsonNode evidence, String sizeClass, JsonNode ruleResults,
                             String conclusion, int approvalsCounted, List<OverrideRecord> overrides,
                             Map<String, Long> timingsMillis, Instant evaluatedAt, JsonNode policyResult,
                             String mode, String wouldConclusion, JsonNode pullRequest) {

    /** A record without what was seen of the pull request. */
    public DecisionRecord(Long id, String repo, int pr, String headSha, long installationId,
                          String provenanceClass, JsonNode evidence, String sizeClass, JsonNode ruleResults,
                          String conclusion, int approvalsCounted, List<OverrideRecord> overrides,
                          Map<String, Long> timingsMillis, Instant evaluatedAt, JsonNode policyResult,
                          String mode, String wouldConclusion) {
        this(id, repo, pr, headSha, installationId, provenanceClass, evidence, sizeClass, ruleResults, conclusion,
                approvalsCounted, overrides, timingsMillis, evaluatedAt, policyResult, mode, wouldConclusion, null);
    }

    /** A record without mode and would-be conclusion. */
    public DecisionRecord(Long id, String repo, int pr, String headSha, long installationId,
                          String provenanceClass, JsonNode evidence, String sizeClass, JsonNode ruleResults,
                          String conclusion, int approvalsCounted, List<OverrideRecord> overrides,
                          Map<String, Long> timingsMillis, Instant evaluatedAt, JsonNode policyResult) {
        this(id, repo, pr, headSha, installationId, provenanceClass, evidence, sizeClass, ruleResults, conclusion,
                approvalsCounted, overrides, timingsMillis, evaluatedAt, policyResult, null, null);
    }

    /** A record without {@code policyResult}. */
    public DecisionRecord(Long id, String repo, int pr, String headSha, long installationId,
                          String provenanceClass, JsonNode evidence, String sizeClass, JsonNode ruleResults,
                          String conclusion, int approvalsCounted, List<OverrideRecord> overrides,
                          Map<String, Long> timingsMillis, Instant evaluatedAt) {
        this(id, repo, pr, headSha, installationId, provenanceClass, evidence, sizeClass, ruleResults, conclusion,
                approvalsCounted, overrides, timingsMillis, evaluatedAt, null);
    }

    public DecisionRecord {
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        timingsMillis = timingsMillis == null ? Map.of() : Map.copyOf(timingsMillis);
    }

    /** The same record with the id the store gave it. */
    public DecisionRecord withId(long newId) {
        return new DecisionRecord(newId, repo, pr, headSha, installationId, provenanceClass, evidence, sizeClass,
                ruleResults, conclusion, approvalsCounted, overrides, timingsMillis, evaluatedAt, policyResult, mode,
                wouldConclusion, pullRequest);
    }
}
