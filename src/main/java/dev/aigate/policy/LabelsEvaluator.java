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
        List<String> found = new ArrayList<>();
        if (!q.labels().isEmpty()) {
            found.add("has " + String.join(", ", q.labels()));
        }
        if (!q.absent().isEmpty()) {
            found.add("has none of " + String.join(", ", q.absent()));
        }
        if (missing.isEmpty() && unwanted.isEmpty()) {
            return new RequirementResult(q.kind(), Status.SATISFIED, String.join("; ", found), "",
                    q.labels(), List.of(), List.of(), q.line(), List.of());
        }
        List<String> detail = new ArrayList<>();
        List<String> how = new ArrayList<>();
        if (!missing.isEmpty()) {
            detail.add("missing label" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
            how.add("add the label" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
        }
        if (!unwanted.isEmpty()) {
            detail.add("has label" + (unwanted.size() == 1 ? " " : "s ") + String.join(", ", unwanted)
                    + ", which must not be on it");
            how.add("remove the label" + (unwanted.size() == 1 ? " " : "s ") + String.join(", ", unwanted));
        }
        String instruction = String.join(" and ", how);
        return new RequirementResult(q.kind(), Status.FAILED, String.join("; ", detail),
                Character.toUpperCase(instruction.charAt(0)) + instruction.substring(1)
                        + (unwanted.isEmpty() ? " to the pull request." : missing.isEmpty() ? " from the pull request."
                        : " on the pull request."),
                List.of(), List.of(), List.of(), q.line(), List.of());
    }
}
