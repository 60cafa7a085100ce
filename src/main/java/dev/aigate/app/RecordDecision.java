package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.checks.ExclusionText;
import dev.aigate.checks.FileNoteText;
import dev.aigate.checks.PullRequestResult;
import dev.aigate.checks.RequirementText;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.PolicyProblem;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.store.DecisionLog;
import dev.aigate.store.DecisionRecord;
import dev.aigate.store.OverrideRecord;
import dev.aigate.store.OverrideStore;
import dev.aigate.checks.Conclusions;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Locale;
import java.util.List;
import java.util.Map;

/**
 * Writes the audit record of one evaluation: what was decided, on what evidence, and how long it took. An evaluation
 * without a provenance class (no policy applies, or the policy did not load) is recorded too, with the class absent
 * and the policy's problems in {@link DecisionRecord#policyResult()}.
 */
@Singleton
public class RecordDecision {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final DecisionLog log;
    private final OverrideStore overrides;

    public RecordDecision(DecisionLog log, OverrideStore overrides) {
        this.log = log;
        this.overrides = overrides;
    }

    public DecisionRecord record(long installationId, PullRequestResult result, Map<String, Long> timingsMillis) {
        return record(installationId, result, null, timingsMillis);
    }

    /** Records the evaluation, with what was seen of the pull request ({@code snapshot}, may be null) for the details page. */
    public DecisionRecord record(long installationId, PullRequestResult result, PullRequestSnapshot snapshot,
                                 Map<String, Long> timingsMillis) {
        return record(installationId, result, snapshot, timingsMillis, overrides.forHead(result.pr().repo().fullName(),
                result.pr().number(), result.headSha()));
    }

    /** Records the evaluation with the overrides of its head as the evaluation already read them. */
    public DecisionRecord record(long installationId, PullRequestResult result, PullRequestSnapshot snapshot,
                                 Map<String, Long> timingsMillis, List<OverrideRecord> headOverrides) {
        Evaluation e = result.evaluation();
        JsonNode evidence = e.provenance() == null ? JSON.createArrayNode() : JSON.valueToTree(e.provenance().evidence());
        ArrayNode rules = JSON.createArrayNode();
        int approvals = 0;
        for (RuleResult rule : e.rules()) {
            rules.add(ruleJson(rule));
            for (RequirementResult req : rule.requirements()) {
                if ("approvals".equals(req.kind()) || "codeowners".equals(req.kind())) {
                    approvals += req.counted().size();
                }
            }
        }
        String repo = result.pr().repo().fullName();
        return log.record(new DecisionRecord(null, repo, result.pr().number(), result.headSha(), installationId,
                e.provenance() == null ? null : e.provenance().provenanceClass().id(), evidence,
                e.size() == null ? null : e.size().sizeClass(), rules, Conclusions.of(result.effectiveVerdict()), approvals,
                headOverrides, timingsMillis, Instant.now(),
                policyResult(e), e.mode() == null ? null : e.mode().id(), wouldConclusion(result),
                withInitiator(pullRequest(snapshot), e)));
    }

    /**
     * One rule's result as the decision log keeps it. A requirement's facts are stored as the sentences the check
     * run shows ({@code detail}, {@code howToSatisfy}, each exclusion's {@code reason}, each file note's {@code message}), in the place and shape the
     * details page and older records have always had.
     */
    static ObjectNode ruleJson(RuleResult rule) {
        ObjectNode node = JSON.valueToTree(rule);
        ArrayNode requirements = JSON.createArrayNode();
        for (RequirementResult req : rule.requirements()) {
            ObjectNode tree = JSON.valueToTree(req);
            ObjectNode out = requirements.addObject();
            tree.fields().forEachRemaining(f -> {
                if (f.getKey().equals("facts")) {
                    out.put("detail", RequirementText.detail(req));
                    out.put("howToSatisfy", RequirementText.howToSatisfy(req));
                } else if (f.getKey().equals("fileNotes")) {
                    ArrayNode notes = out.putArray("fileNotes");
                    for (RequirementResult.FileNote n : req.fileNotes()) {
                        notes.addObject().put("path", n.path()).put("line", n.line()).put("message", FileNoteText.message(n));
                    }
                } else if (f.getKey().equals("excluded")) {
                    ArrayNode excluded = out.putArray("excluded");
                    for (RequirementResult.Exclusion x : req.excluded()) {
                        excluded.addObject().put("who", x.who()).put("reason", ExclusionText.reason(x));
                    }
                } else {
                    out.set(f.getKey(), f.getValue());
                }
            });
        }
        node.set("requirements", requirements);
        return node;
    }

    /** Who started an agent pull request, with how it was found, kept beside the pull request's own fields. */
    static JsonNode withInitiator(JsonNode pullRequest, Evaluation e) {
        if (pullRequest == null || e.provenance() == null || e.provenance().initiator() == null) {
            return pullRequest;
        }
        dev.aigate.provenance.Initiator who = e.provenance().initiator();
        ((ObjectNode) pullRequest).putObject("initiator").put("login", cut(who.login(), 100))
                .put("how", cut(who.how(), 300)).put("location", cut(who.location(), 300));
        return pullRequest;
    }

    /** Title, author and branches as the evaluation saw them, each cut to a length a page can show. */
    static JsonNode pullRequest(PullRequestSnapshot s) {
        if (s == null) {
            return null;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("title", cut(s.title(), 300));
        out.put("author", s.author() == null ? "" : cut(s.author().login(), 100));
        out.put("head_ref", s.head() == null ? "" : cut(s.head().ref(), 300));
        out.put("base_ref", s.base() == null ? "" : cut(s.base().ref(), 300));
        out.put("draft", s.draft());
        return out;
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, text.offsetByCodePoints(0, Math.min(max,
                text.codePointCount(0, text.length()))));
    }

    /**
     * The conclusion the check run would show if every rule were enforced: an override in force lifts it as it
     * lifts the real one, so the count of pull requests observe mode would have stopped leaves overridden ones out.
     */
    static String wouldConclusion(PullRequestResult result) {
        return result.overridden() ? Conclusions.of(result.effectiveVerdict())
                : Conclusions.of(result.evaluation().wouldVerdict());
    }

    /** Which policy applied and whether it loaded; for one that did not, each problem with its file:line:col. */
    static JsonNode policyResult(Evaluation e) {
        ObjectNode out = JSON.createObjectNode();
        out.put("state", e.policyState().name().toLowerCase(Locale.ROOT));
        out.put("location", e.policyLocation());
        ArrayNode problems = out.putArray("problems");
        for (PolicyProblem p : e.problems()) {
            problems.add(p.format());
        }
        return out;
    }
}
