package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What must happen for the check to pass, and what enforcing an observed policy would demand on top: one
 * step per unmet requirement of a blocking rule, in the rule's own words when it has a hint.
 */
final class Steps {

    private Steps() {
    }

    /**
     * What must happen for the check to pass, one entry per unmet requirement of a blocking rule.
     *
     * @param markdown whether to name the rule in markdown (summary) or plainly (title)
     */
    static List<String> nextSteps(Evaluation e, boolean markdown) {
        return steps(e, markdown, rule -> rule.verdict().blocks());
    }

    /**
     * What enforcing would demand on top: one entry per unmet requirement of an observed rule that would block
     * (for a policy in observe mode that ran out of budget, the budget step).
     */
    static List<String> wouldSteps(Evaluation e, boolean markdown) {
        if (e.policyState() == Evaluation.PolicyState.OVER_BUDGET) {
            return e.observing() && !e.verdict().blocks() ? steps(e, markdown, rule -> true) : List.of();
        }
        return steps(e, markdown, rule -> rule.observed() && rule.wouldVerdict().blocks());
    }

    private static List<String> steps(Evaluation e, boolean markdown, java.util.function.Predicate<RuleResult> blocking) {
        List<String> out = new ArrayList<>();
        if (e.policyState() == Evaluation.PolicyState.INVALID) {
            out.add("Fix " + Markdown.plural(e.problems().size(), "problem", "problems")
                    + " in the policy file on the base branch (listed below).");
            return out;
        }
        if (e.policyState() == Evaluation.PolicyState.OVER_BUDGET) {
            String step = CheckRunText.overBudget(e.overBudget());
            return List.of(markdown ? Markdown.text(step, 600) : step);
        }
        for (RuleResult rule : e.rules()) {
            if (!rule.applied() || !blocking.test(rule)) {
                continue;
            }
            boolean any = false;
            for (RequirementResult req : rule.requirements()) {
                if (req.status().met()) {
                    continue;
                }
                if (!rule.hint().isBlank()) {
                    // The rule words its own instruction: one step for the rule, in its words.
                    String step = Markdown.phrase(rule.hint());
                    out.add(markdown ? Markdown.text(step, 300) + " (rule **" + Markdown.text(rule.name(), 100) + "**)" : step);
                    any = true;
                    break;
                }
                any = true;
                String how = RequirementText.howToSatisfy(req);
                String step = Markdown.phrase(how.isBlank() ? req.kind() + ": " + RequirementText.detail(req) : how);
                if (markdown) {
                    out.add(Markdown.text(step, 300) + " (rule **" + Markdown.text(rule.name(), 100) + "**)");
                } else if (!out.contains(step)) {
                    out.add(step);
                }
            }
            if (!any) {
                String step = "rule " + rule.name() + " is " + Outcomes.statusWord(rule.status());
                out.add(markdown ? Markdown.text(step) : step);
            }
        }
        return out;
    }
}
