package dev.aigate.policy;

import java.util.ArrayList;
import java.util.List;

/** Evaluates {@code labels}: labels that must be on the pull request, and labels that must not be. */
final class LabelsEvaluator {

    private LabelsEvaluator() {
    }

    static RequirementResult evaluate(Requirement.Labels q, PullRequestFacts f) {
        List<String> missing = Condition.missingLabels(q.labels(), f.pr.labels());
        List<String> unwanted = new ArrayList<>();
        for (String l : f.pr.labels()) {
            if (q.absent().stream().anyMatch(l::equalsIgnoreCase)) {
                unwanted.add(l);
            }
        }
        RequirementFacts.Labels facts = new RequirementFacts.Labels(q.labels(), q.absent(), missing, unwanted);
        return new RequirementResult(q.kind(), facts.status(), facts, facts.status() == Status.SATISFIED ? q.labels() : List.of(),
                List.of(), List.of(), q.line(), List.of());
    }
}
