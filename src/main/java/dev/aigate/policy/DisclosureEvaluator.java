package dev.aigate.policy;

import com.google.re2j.Pattern;
import java.util.List;

/** Evaluates {@code disclosure}: the description carries an AI-disclosure section or a ticked checkbox. */
final class DisclosureEvaluator {

    private DisclosureEvaluator() {
    }

    static RequirementResult evaluate(Requirement.Disclosure q, PullRequestFacts f) {
        for (Pattern p : q.patterns()) {
            if (f.budget.find(p, f.pr.body())) {
                return new RequirementResult(q.kind(), Status.SATISFIED, "the description discloses AI use", "",
                        List.of(), List.of(), List.of(), q.line(), List.of());
            }
        }
        String how = q.defaults()
                ? "Add an '## AI disclosure' section to the description saying which tools were used and how, "
                + "or tick a checkbox such as '- [x] AI tools were used for this change'."
                : "Edit the description so that it matches " + Condition.slashes(q.patterns()) + ".";
        return new RequirementResult(q.kind(), Status.FAILED, "the description has no AI-disclosure section or ticked checkbox",
                how, List.of(), List.of(), List.of(), q.line(), List.of());
    }
}
