package dev.aigate.policy;

import dev.aigate.snapshot.ListingCut;

import java.util.List;

/**
 * The outcome of one rule.
 *
 * @param name         the rule's name from the policy
 * @param applied      whether its {@code if} matched the pull request
 * @param why          why it applied, or why it was skipped
 * @param status       skipped when not applied; else the worst of its requirements (failed, then pending)
 * @param onFailure    the verdict this rule gives when a requirement is not met
 * @param requirements one node per requirement (empty when skipped)
 * @param description  the rule's optional description, or empty
 * @param policyLine   the line of the policy file the rule starts on (0 when unknown)
 * @param undecidedBy  the cut listings that left its {@code if} undecided; when any, the rule was applied
 *                     because it could not be ruled out (fail closed), and {@code why} says what was seen
 * @param hint         the rule's own instruction for when it is unmet ({@code hint:} in the policy), or empty
 * @param observed     the rule runs in {@code mode: observe}: its failure is reported as "would block" and never
 *                     decides the conclusion
 */
public record RuleResult(String name, boolean applied, String why, Status status, Verdict onFailure,
                         List<RequirementResult> requirements, String description, int policyLine,
                         List<ListingCut> undecidedBy, String hint, boolean observed) {

    public RuleResult {
        requirements = List.copyOf(requirements);
        description = description == null ? "" : description;
        undecidedBy = undecidedBy == null ? List.of() : List.copyOf(undecidedBy);
        hint = hint == null ? "" : hint;
    }

    public RuleResult(String name, boolean applied, String why, Status status, Verdict onFailure,
                      List<RequirementResult> requirements, String description, int policyLine,
                      List<ListingCut> undecidedBy) {
        this(name, applied, why, status, onFailure, requirements, description, policyLine, undecidedBy, "", false);
    }

    public RuleResult(String name, boolean applied, String why, Status status, Verdict onFailure,
                      List<RequirementResult> requirements, String description, int policyLine,
                      List<ListingCut> undecidedBy, String hint) {
        this(name, applied, why, status, onFailure, requirements, description, policyLine, undecidedBy, hint, false);
    }

    public RuleResult(String name, boolean applied, String why, Status status, Verdict onFailure,
                      List<RequirementResult> requirements, String description, int policyLine,
                      List<ListingCut> undecidedBy, boolean observed) {
        this(name, applied, why, status, onFailure, requirements, description, policyLine, undecidedBy, "", observed);
    }

    public RuleResult(String name, boolean applied, String why, Status status, Verdict onFailure,
                      List<RequirementResult> requirements, String description, int policyLine) {
        this(name, applied, why, status, onFailure, requirements, description, policyLine, List.of());
    }

    /** The same result, in observe mode. */
    public RuleResult asObserved() {
        return new RuleResult(name, applied, why, status, onFailure, requirements, description, policyLine,
                undecidedBy, hint, true);
    }

    public RuleResult(String name, boolean applied, String why, Status status, Verdict onFailure,
                      List<RequirementResult> requirements) {
        this(name, applied, why, status, onFailure, requirements, "", 0);
    }

    /** This rule's contribution to the overall verdict: none when it is observed. */
    public Verdict verdict() {
        return observed ? Verdict.SUCCESS : wouldVerdict();
    }

    /** What this rule would contribute if it were enforced. */
    public Verdict wouldVerdict() {
        return switch (status) {
            case SATISFIED, SKIPPED -> Verdict.SUCCESS;
            case PENDING, FAILED -> onFailure;
        };
    }
}
