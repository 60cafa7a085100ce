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
        RequirementResult approvals = new RequirementResult("approvals", Status.PENDING,
                "1 of 2 approvals from @acme/platform", "Needs 1 more approval from @acme/platform.",
                List.of("alice"), List.of(new RequirementResult.Exclusion("copilot-swe-agent[bot]", "the author"),
                        new RequirementResult.Exclusion("carol", "approved an earlier head whose changes differ")),
                List.of(), 12, List.of("acme/platform"), List.of(),
                List.of(new RequirementResult.Carried("alice", OLD_HEAD, head,
                                new PatchDiff(PatchDiff.Outcome.SAME, List.of(), List.of(), List.of(), null, "")),
                        new RequirementResult.Carried("carol", OLD_HEAD, head,
                                new PatchDiff(PatchDiff.Outcome.CHANGED, List.of(), List.of(), List.of(file), null, "")),
                        new RequirementResult.Carried("dave", OLD_HEAD, head,
                                new PatchDiff(PatchDiff.Outcome.UNKNOWN, List.of(), List.of(), List.of(),
                                        PatchFingerprint.Gap.NO_PATCH, file))));
        RequirementResult tests = new RequirementResult("tests", Status.FAILED, "No test file changed.",
                "Add or change a test under src/test/.", List.of(), List.of(),
                List.of(new RequirementResult.FileNote(file, 1, "changed without a test")), 15, List.of());
        RuleResult agents = new RuleResult("agent-prs-need-review", true, "provenance is agent", Status.FAILED,
                Verdict.FAILURE, List.of(approvals, tests), "Agent PRs need two platform approvals", 10,
                List.of(), "", false);
        RuleResult docs = new RuleResult("docs-only", false, "files outside docs/ changed", Status.SKIPPED,
                Verdict.FAILURE, List.of());
        List<Evidence> evidence = List.of(
                new Evidence(Tier.T0, "agent.copilot.pr-author", "copilot", "pr.user", "copilot-swe-agent[bot]", false),
                new Evidence(Tier.T2, "assisted.branch-name", "copilot", "head.ref", branch, true));
        return record(at, head, List.of(agents, docs), evidence, "failure", "failure", "enforce", title, branch,
                List.of(), 1);
    }

    /** The same PR in observe mode: neutral, would have blocked. */
    public static DecisionRecord observed(Instant at, String head) {
        RequirementResult approvals = new RequirementResult("approvals", Status.PENDING, "0 of 1 approvals",
                "Needs 1 approval.", List.of(), List.of(), List.of(), 5, List.of());
        RuleResult rule = new RuleResult("agents-need-review", true, "provenance is agent", Status.PENDING,
                Verdict.FAILURE, List.of(approvals), "", 4, List.of(), "", true);
        return record(at, head, List.of(rule), List.of(), "neutral", "failure", "observe", "Observed PR",
                "feature/observe", List.of(), 0);
    }

    /** Passing after an override by a maintainer. */
    public static DecisionRecord overridden(Instant at, String head, OverrideRecord o) {
        RequirementResult approvals = new RequirementResult("approvals", Status.PENDING, "0 of 1 approvals",
                "Needs 1 approval.", List.of(), List.of(), List.of(), 5, List.of());
        RuleResult rule = new RuleResult("agents-need-review", true, "provenance is agent", Status.PENDING,
                Verdict.FAILURE, List.of(approvals), "", 4, List.of(), "", false);
        return record(at, head, List.of(rule), List.of(), "success", "success", "enforce", "Overridden PR",
                "feature/hotfix", List.of(o), 0);
    }

    public static DecisionRecord record(Instant at, String head, List<RuleResult> rules, List<Evidence> evidence,
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
