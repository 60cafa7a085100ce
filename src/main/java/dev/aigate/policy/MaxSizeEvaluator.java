package dev.aigate.policy;

import java.util.List;

/** Evaluates {@code max_size}: an upper bound on changed lines and files. */
final class MaxSizeEvaluator {

    private MaxSizeEvaluator() {
    }

    static RequirementResult evaluate(Requirement.MaxSize q, PullRequestFacts f) {
        RequirementFacts.MaxSize facts = new RequirementFacts.MaxSize(f.lines(), f.fileCount(), q.lines(), q.files());
        return new RequirementResult(q.kind(), facts.status(), facts, List.of(), List.of(), List.of(), q.line(), List.of());
    }
}
