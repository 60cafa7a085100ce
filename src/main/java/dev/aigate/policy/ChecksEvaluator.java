package dev.aigate.policy;

import dev.aigate.snapshot.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates {@code checks}: named check runs or commit statuses succeeded on the head commit. */
final class ChecksEvaluator {

    private ChecksEvaluator() {
    }

    static RequirementResult evaluate(Requirement.Checks q, PullRequestFacts f) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> running = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Requirement.CheckSpec s : q.specs()) {
            Map<String, CheckResult> latest = new LinkedHashMap<>();
            for (CheckResult c : f.pr.checks()) {
                if (!Requirement.Checks.OWN_CHECK.equals(c.name()) && c.name() != null && s.matches(c.name(), f.budget)) {
                    latest.put(c.name(), c);
                }
            }
            if (latest.isEmpty()) {
                absent.add(s.label());
                continue;
            }
            for (CheckResult c : latest.values()) {
                if (!c.finished()) {
                    running.add(c.name() + " (" + c.status() + ")");
                } else if (c.succeeded()) {
                    passed.add(c.name());
                } else {
                    failed.add(c.name() + " (" + c.conclusion() + ")");
                }
            }
        }
        List<String> parts = new ArrayList<>();
        if (!passed.isEmpty()) {
            parts.add("succeeded: " + String.join(", ", passed));
        }
        if (!failed.isEmpty()) {
            parts.add("did not succeed: " + String.join(", ", failed));
        }
        if (!running.isEmpty()) {
            parts.add("still running: " + String.join(", ", running));
        }
        if (!absent.isEmpty()) {
            parts.add("not reported: " + String.join(", ", absent));
        }
        String detail = String.join("; ", parts) + " on " + PullRequestFacts.shortSha(f.headSha());
        if (!failed.isEmpty()) {
            return new RequirementResult(q.kind(), Status.FAILED, detail,
                    "Fix what made " + String.join(", ", failed) + " fail and push, or re-run it.",
                    passed, List.of(), List.of(), q.line(), List.of());
        }
        if (!running.isEmpty() || !absent.isEmpty()) {
            String how = !absent.isEmpty()
                    ? "Wait for " + String.join(", ", absent) + " to report on the head commit; if it never runs for this "
                    + "pull request, check its workflow triggers."
                    : "Wait for the running checks to finish.";
            return new RequirementResult(q.kind(), Status.PENDING, detail, how, passed, List.of(), List.of(), q.line(), List.of());
        }
        return new RequirementResult(q.kind(), Status.SATISFIED, detail, "", passed, List.of(), List.of(), q.line(), List.of());
    }
}
