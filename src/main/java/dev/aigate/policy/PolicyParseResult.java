package dev.aigate.policy;

import java.util.List;
import java.util.Optional;

/** Either a policy, or the problems that stopped it from loading (never both). */
public record PolicyParseResult(Optional<Policy> policy, List<PolicyProblem> problems) {

    public PolicyParseResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
