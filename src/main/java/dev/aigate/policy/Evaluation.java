package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result tree for one pull request: what the check run, the CLI and the docs render.
 *
 * @param verdict        the overall outcome
 * @param policyState    whether a policy was found and loaded
 * @param policyLocation where the policy came from, e.g. {@code acme/app:.github/ai-gate.yml@main}; null if none
 * @param provenance     the provenance classification (null when the policy did not load)
 * @param size           the size classification (null when the policy did not load)
 * @param rules          one node per policy rule
 * @param problems       policy errors, each with file:line:col
 * @param notes          anything else worth telling the reader
 * @param policy         the policy that was applied; null when none applied or it did not load
 * @param overBudget     what the rules had spent when they ran out of budget ({@link PolicyState#OVER_BUDGET}); else null
 * @param mode           the policy's effective mode (its own {@code mode}, else the server default); null when no
 *                       policy loaded
 * @param wouldVerdict   the verdict if every rule were enforced; equals {@code verdict} when nothing is observed
 */
public record Evaluation(Verdict verdict, PolicyState policyState, String policyLocation,
                         ProvenanceResult provenance, SizeResult size, List<RuleResult> rules,
                         List<PolicyProblem> problems, List<String> notes, Policy policy,
                         EvaluationBudget.Exceeded overBudget, Mode mode, Verdict wouldVerdict) {

    public Evaluation {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        wouldVerdict = wouldVerdict == null ? verdict : wouldVerdict;
    }

    public Evaluation(Verdict verdict, PolicyState policyState, String policyLocation,
                      ProvenanceResult provenance, SizeResult size, List<RuleResult> rules,
                      List<PolicyProblem> problems, List<String> notes, Policy policy,
                      EvaluationBudget.Exceeded overBudget) {
        this(verdict, policyState, policyLocation, provenance, size, rules, problems, notes, policy, overBudget,
                policyState == PolicyState.LOADED || policyState == PolicyState.OVER_BUDGET ? Mode.ENFORCE : null, verdict);
    }

    /** Whether the whole policy runs in observe mode, so the check run reports what it would decide. */
    public boolean observing() {
        return mode == Mode.OBSERVE;
    }

    /** Observed rules that would block if they were enforced. */
    public List<RuleResult> observedBlocking() {
        return rules.stream().filter(r -> r.applied() && r.observed()
                && r.wouldVerdict().blocks()).toList();
    }

    /** The same evaluation with more notes (e.g. what became of an override request). */
    public Evaluation withNotes(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new Evaluation(verdict, policyState, policyLocation, provenance, size, rules, problems, all, policy, overBudget,
                mode, wouldVerdict);
    }

    public Evaluation(Verdict verdict, PolicyState policyState, String policyLocation,
                      ProvenanceResult provenance, SizeResult size, List<RuleResult> rules,
                      List<PolicyProblem> problems, List<String> notes, Policy policy) {
        this(verdict, policyState, policyLocation, provenance, size, rules, problems, notes, policy, null);
    }

    /** The rules cost more than the evaluation's budget: the gate fails closed, without rule results. */
    static Evaluation overBudget(String policyLocation, ProvenanceResult provenance, SizeResult size,
                                 EvaluationBudget.Exceeded exceeded, Policy policy) {
        return new Evaluation(Verdict.FAILURE, PolicyState.OVER_BUDGET, policyLocation, provenance, size, List.of(),
                List.of(), List.of(), policy, exceeded);
    }

    public Evaluation(Verdict verdict, PolicyState policyState, String policyLocation,
                      ProvenanceResult provenance, SizeResult size, List<RuleResult> rules,
                      List<PolicyProblem> problems, List<String> notes) {
        this(verdict, policyState, policyLocation, provenance, size, rules, problems, notes, null, null);
    }

    /** {@code OVER_BUDGET}: the policy loaded, but its rules cost more than the evaluation may spend. */
    public enum PolicyState { LOADED, NONE, INVALID, OVER_BUDGET }

    /**
     * Reviewers to request, when the policy opted in ({@code request_reviewers: true}): logins and
     * {@code org/slug} teams from unmet approval and code-owner requirements of applied rules.
     */
    public Set<String> reviewersToRequest() {
        Set<String> out = new LinkedHashSet<>();
        for (RuleResult r : rules) {
            for (RequirementResult q : r.requirements()) {
                if (q.status() == Status.PENDING) {
                    out.addAll(q.reviewersToRequest());
                }
            }
        }
        return out;
    }

    /** The label the policy wants on the PR for its provenance class ({@code labels_sync}), if any. */
    public Optional<String> provenanceLabel() {
        if (policy == null || provenance == null) {
            return Optional.empty();
        }
        return policy.labelFor(provenance.provenanceClass());
    }

    /** Every rule's requirement nodes that are not satisfied, in order (for summaries). */
    public List<RequirementResult> unmet() {
        List<RequirementResult> out = new ArrayList<>();
        for (RuleResult r : rules) {
            for (RequirementResult q : r.requirements()) {
                if (!q.status().met()) {
                    out.add(q);
                }
            }
        }
        return out;
    }
}
