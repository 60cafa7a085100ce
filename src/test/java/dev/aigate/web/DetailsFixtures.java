package dev.aigate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.policy.PatchDiff;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.policy.Status;
import dev.aigate.policy.Verdict;
import dev.aigate.provenance.Evidence;
import dev.aigate.provenance.Tier;
import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.store.DecisionRecord;
import dev.aigate.store.OverrideRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decisions as the pipeline records them (the policy's own result records, serialised the way RecordDecision
 * serialises them), for the details page's tests. The hostile ones carry markup in every field a pull request
 * controls: title, branch names, file names, matched text, the author's login in an exclusion.
 */
public final class DetailsFixtures {

    public static final String REPO = "acme/widgets";
    public static final int PR = 42;
    public static final String OLD_HEAD = "aaaa000011112222333344445555666677778888";
    public static final String HEAD = "ffff000011112222333344445555666677778888";
    public static final String HOSTILE_TITLE = "<script>alert('title')</script> Fix <b>all</b> & \"more\"";
    public static final String HOSTILE_BRANCH = "\"><img src=x onerror=alert(1)>";
    public static final String HOSTILE_FILE = "src/<a href=\"https://evil.example\">click</a>.java";
    public static final String EVIL_LINK = "https://evil.example/";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private DetailsFixtures() {
    }

    /** An agent PR blocked for a missing approval from @acme/platform and missing tests, with a kept and a dropped approval. */
    public static DecisionRecord blocked(Instant at, String head, String title, String branch, String file) {
        JsonNode approvals = requirement("approvals", Status.PENDING,
                "1 of 2 approvals from @acme/platform", "Needs 1 more approval from @acme/platform.",
                List.of("alice"), List.of(exclusion("copilot-swe-agent[bot]", "the author"),
                        exclusion("carol", "approved an earlier head whose changes differ")),
                List.of(), 12, List.of("acme/platform"),
                List.of(new RequirementResult.Carried("alice", OLD_HEAD, head,
                                new PatchDiff(PatchDiff.Outcome.SAME, List.of(), List.of(), List.of(), null, "")),
                        new RequirementResult.Carried("carol", OLD_HEAD, head,
                                new PatchDiff(PatchDiff.Outcome.CHANGED, List.of(), List.of(), List.of(file), null, "")),
                        new RequirementResult.Carried("dave", OLD_HEAD, head,
                                new PatchDiff(PatchDiff.Outcome.UNKNOWN, List.of(), List.of(), List.of(),
                                        PatchFingerprint.Gap.NO_PATCH, file))));
        JsonNode tests = requirement("tests", Status.FAILED, "No test file changed.",
                "Add or change a test under src/test/.", List.of(), List.of(),
                List.of(fileNote(file, 1, "changed without a test")), 15, List.of(), List.of());
        JsonNode agents = rule(new RuleResult("agent-prs-need-review", true, "provenance is agent", Status.FAILED,
                Verdict.FAILURE, List.of(), "Agent PRs need two platform approvals", 10,
                List.of(), "", false), approvals, tests);
        JsonNode docs = rule(new RuleResult("docs-only", false, "files outside docs/ changed", Status.SKIPPED,
                Verdict.FAILURE, List.of()));
        List<Evidence> evidence = List.of(
                new Evidence(Tier.T0, "agent.copilot.pr-author", "copilot", "pr.user", "copilot-swe-agent[bot]", false),
                new Evidence(Tier.T2, "assisted.branch-name", "copilot", "head.ref", branch, true));
        return record(at, head, List.of(agents, docs), evidence, "failure", "failure", "enforce", title, branch,
                List.of(), 1);
    }

    /** The same PR in observe mode: neutral, would have blocked. */
    public static DecisionRecord observed(Instant at, String head) {
        JsonNode approvals = requirement("approvals", Status.PENDING, "0 of 1 approvals",
                "Needs 1 approval.", List.of(), List.of(), List.of(), 5, List.of(), List.of());
        JsonNode rule = rule(new RuleResult("agents-need-review", true, "provenance is agent", Status.PENDING,
                Verdict.FAILURE, List.of(), "", 4, List.of(), "", true), approvals);
        return record(at, head, List.of(rule), List.of(), "neutral", "failure", "observe", "Observed PR",
                "feature/observe", List.of(), 0);
    }

    /** Passing after an override by a maintainer. */
    public static DecisionRecord overridden(Instant at, String head, OverrideRecord o) {
        JsonNode approvals = requirement("approvals", Status.PENDING, "0 of 1 approvals",
                "Needs 1 approval.", List.of(), List.of(), List.of(), 5, List.of(), List.of());
        JsonNode rule = rule(new RuleResult("agents-need-review", true, "provenance is agent", Status.PENDING,
                Verdict.FAILURE, List.of(), "", 4, List.of(), "", false), approvals);
        return record(at, head, List.of(rule), List.of(), "success", "success", "enforce", "Overridden PR",
                "feature/hotfix", List.of(o), 0);
    }

    /**
     * A requirement's result in the shape the decision log stores it ({@code RecordDecision.ruleJson}): the
     * sentences the check run shows in place of the facts they were rendered from.
     */
    static JsonNode requirement(String kind, Status status, String detail, String howToSatisfy, List<String> counted,
                                List<JsonNode> excluded, List<JsonNode> fileNotes,
                                int policyLine, List<String> reviewersToRequest, List<RequirementResult.Carried> carried) {
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", kind);
        out.put("status", status.name());
        out.put("detail", detail);
        out.put("howToSatisfy", howToSatisfy);
        out.set("counted", JSON.valueToTree(counted));
        out.putArray("excluded").addAll(excluded);
        out.putArray("fileNotes").addAll(fileNotes);
        out.put("policyLine", policyLine);
        out.set("reviewersToRequest", JSON.valueToTree(reviewersToRequest));
        out.putArray("cuts");
        out.set("carried", JSON.valueToTree(carried));
        return out;
    }

    /** Someone left out of a count, as stored: who, and the reason in words. */
    static JsonNode exclusion(String who, String reason) {
        return JSON.createObjectNode().put("who", who).put("reason", reason);
    }

    /** A note on a file, as stored: the message in words. */
    static JsonNode fileNote(String path, int line, String message) {
        return JSON.createObjectNode().put("path", path).put("line", line).put("message", message);
    }

    /** A rule's result as stored, with these requirements. */
    static JsonNode rule(RuleResult rule, JsonNode... requirements) {
        ObjectNode out = JSON.valueToTree(rule);
        out.putArray("requirements").addAll(List.of(requirements));
        return out;
    }

    public static DecisionRecord record(Instant at, String head, List<JsonNode> rules, List<Evidence> evidence,
                                        String conclusion, String would, String mode, String title, String branch,
                                        List<OverrideRecord> overrides, int approvals) {
        ObjectNode pr = JSON.createObjectNode();
        pr.put("title", title);
        pr.put("author", "copilot-swe-agent[bot]");
        pr.put("head_ref", branch);
        pr.put("base_ref", "main");
        pr.put("draft", false);
        ObjectNode policy = JSON.createObjectNode();
        policy.put("state", "loaded");
        policy.put("location", ".github/ai-gate.yml");
        policy.putArray("problems");
        JsonNode ruleJson = JSON.valueToTree(rules);
        return new DecisionRecord(null, REPO, PR, head, 7L, "agent", JSON.valueToTree(evidence), "medium", ruleJson,
                conclusion, approvals, overrides, Map.of("load", 40L, "evaluate", 3L, "publish", 50L, "total", 93L),
                at, policy, mode, would, pr);
    }
}
