package dev.aigate.policy;

import com.google.re2j.Pattern;

import java.util.List;

/** Evaluates {@code disclosure}: the description carries an AI-disclosure section or a ticked checkbox. */
final class DisclosureEvaluator {

    private DisclosureEvaluator() {
    }

    static RequirementResult evaluate(Requirement.Disclosure q, PullRequestFacts f) {
        boolean found = false;
        for (Pattern p : q.patterns()) {
            if (f.budget.find(p, f.pr.body())) {
                found = true;
                break;
            }
        }
        RequirementFacts.Disclosure facts = new RequirementFacts.Disclosure(found, q.defaults(),
                q.defaults() ? List.of() : q.patterns().stream().map(Pattern::pattern).toList());
        return new RequirementResult(q.kind(), facts.status(), facts, List.of(), List.of(), List.of(), q.line(), List.of());
    }
}
