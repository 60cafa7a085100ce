package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeResult;
import dev.aigate.snapshot.ListingCut;
import dev.aigate.snapshot.PullRequestSnapshot;

import java.util.ArrayList;
import java.util.List;

/** Applies a policy's rules to a classified pull request. Pure. */
public final class PolicyEvaluator {

    public List<RuleResult> evaluate(Policy policy, PullRequestSnapshot pr, ProvenanceResult provenance, SizeResult size) {
        return evaluate(policy, pr, provenance, size, EvaluationBudget.DEFAULT.start(System::nanoTime));
    }

    /** Throws {@link EvaluationBudget.Exhausted} when the rules cost more than the budget allows. */
    List<RuleResult> evaluate(Policy policy, PullRequestSnapshot pr, ProvenanceResult provenance, SizeResult size,
                              EvaluationBudget.Meter budget) {
        PullRequestFacts facts = new PullRequestFacts(pr, provenance, size, budget);
        List<RuleResult> out = new ArrayList<>(policy.rules().size());
        for (Rule rule : policy.rules()) {
            budget.rule(rule.name());
            out.add(evaluate(rule, facts));
        }
        return out;
    }

    /**
     * A rule whose {@code if} cannot be decided, because it reads a listing GitHub cut short, applies
     * (fail closed); a requirement that reads a cut listing is never satisfied or skipped.
     */
    static RuleResult evaluate(Rule rule, PullRequestFacts facts) {
        String why = "applies to every pull request";
        List<ListingCut> undecidedBy = List.of();
        if (rule.condition() != null) {
            Condition.Outcome o = rule.condition().test(facts);
            if (o.truth() == Condition.Truth.FALSE) {
                return new RuleResult(rule.name(), false, o.reason(), Status.SKIPPED, rule.onFailure(), List.of(),
                        rule.description(), rule.line(), List.of(), rule.hint());
            }
            why = o.reason();
            undecidedBy = o.cuts();
        }
        List<RequirementResult> reqs = new ArrayList<>(rule.requirements().size());
        Status status = Status.SATISFIED;
        for (Requirement q : rule.requirements()) {
            RequirementResult r = q.evaluate(facts).cutShort(Cuts.of(facts.pr, q.listings()));
            reqs.add(r);
            if (r.status() == Status.FAILED || (r.status() == Status.PENDING && status != Status.FAILED)) {
                status = r.status();
            }
        }
        return new RuleResult(rule.name(), true, why, status, rule.onFailure(), reqs, rule.description(), rule.line(),
                undecidedBy, rule.hint());
    }
}
