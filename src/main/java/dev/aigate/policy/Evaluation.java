package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeResult;

import java.util.List;

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
 */
public record Evaluation(Verdict verdict, PolicyState policyState, String policyLocation,
                         ProvenanceResult provenance, SizeResult size, List<RuleResult> rules,
                         List<PolicyProblem> problems, List<String> notes) {

    public Evaluation {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public enum PolicyState { LOADED, NONE, INVALID }
}
