package dev.aigate.policy;

import java.util.List;

/** Evaluates {@code max_size}: an upper bound on changed lines and files. */
final class MaxSizeEvaluator {

    private MaxSizeEvaluator() {
    }

    static RequirementResult evaluate(Requirement.MaxSize q, PullRequestFacts f) {
        int l = f.lines();
        int n = f.fileCount();
        String detail = Words.count(l, "changed line", "changed lines") + " in " + Words.files(n) + " (limit: "
                + (q.lines() == null ? "" : Words.lines(q.lines())) + (q.lines() != null && q.files() != null ? ", " : "")
                + (q.files() == null ? "" : Words.files(q.files())) + ")";
        boolean over = (q.lines() != null && l > q.lines()) || (q.files() != null && n > q.files());
        if (!over) {
            return new RequirementResult(q.kind(), Status.SATISFIED, detail, "", List.of(), List.of(), List.of(), q.line(), List.of());
        }
        return new RequirementResult(q.kind(), Status.FAILED, detail,
                "Split the change into smaller pull requests that each stay within the limit.",
                List.of(), List.of(), List.of(), q.line(), List.of());
    }
}
