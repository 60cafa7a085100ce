package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeResult;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.Review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies a policy's rules to a classified pull request. Pure. */
public final class PolicyEvaluator {

    public List<RuleResult> evaluate(Policy policy, PullRequestSnapshot pr, ProvenanceResult provenance, SizeResult size) {
        List<RuleResult> out = new ArrayList<>();
        for (Rule rule : policy.rules()) {
            if (!rule.provenance().isEmpty() && !rule.provenance().contains(provenance.provenanceClass())) {
                out.add(new RuleResult(rule.name(), false,
                        "provenance is " + provenance.provenanceClass().id() + ", not one of " + ids(rule), Status.SKIPPED,
                        rule.onFailure(), List.of()));
                continue;
            }
            List<RequirementResult> reqs = new ArrayList<>();
            if (rule.approvals() > 0) {
                reqs.add(approvals(rule.approvals(), pr));
            }
            Status status = reqs.stream().map(RequirementResult::status)
                    .filter(s -> s != Status.SATISFIED).findFirst().orElse(Status.SATISFIED);
            String why = rule.provenance().isEmpty() ? "applies to every pull request"
                    : "provenance is " + provenance.provenanceClass().id();
            out.add(new RuleResult(rule.name(), true, why, status, rule.onFailure(), reqs));
        }
        return out;
    }

    private static String ids(Rule rule) {
        return rule.provenance().stream().map(c -> c.id()).sorted().toList().toString();
    }

    private static RequirementResult approvals(int required, PullRequestSnapshot pr) {
        Map<String, Review> latest = new LinkedHashMap<>();
        for (Review r : pr.reviews()) {
            if (r.reviewer().login() != null) {
                latest.put(r.reviewer().normalizedLogin(), r);
            }
        }
        List<String> counted = new ArrayList<>();
        List<RequirementResult.Exclusion> excluded = new ArrayList<>();
        for (Review r : latest.values()) {
            if (!r.isApproval()) {
                continue;
            }
            if (r.reviewer().normalizedLogin().equals(pr.author().normalizedLogin())) {
                excluded.add(new RequirementResult.Exclusion(r.reviewer().login(), "author of the pull request"));
            } else {
                counted.add(r.reviewer().login());
            }
        }
        int missing = required - counted.size();
        if (missing <= 0) {
            return new RequirementResult("approvals", Status.SATISFIED,
                    counted.size() + " of " + required + " approvals", "", counted, excluded, List.of());
        }
        return new RequirementResult("approvals", Status.PENDING,
                counted.size() + " of " + required + " approvals",
                "Needs " + missing + " more approval" + (missing == 1 ? "" : "s"), counted, excluded, List.of());
    }
}
