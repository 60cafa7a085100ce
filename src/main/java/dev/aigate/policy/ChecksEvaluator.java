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
        List<RequirementFacts.Checks.Check> failed = new ArrayList<>();
        List<RequirementFacts.Checks.Check> running = new ArrayList<>();
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
                    running.add(new RequirementFacts.Checks.Check(c.name(), c.status()));
                } else if (c.succeeded()) {
                    passed.add(c.name());
                } else {
                    failed.add(new RequirementFacts.Checks.Check(c.name(), c.conclusion()));
                }
            }
        }
        RequirementFacts.Checks facts = new RequirementFacts.Checks(passed, failed, running, absent, f.headSha());
        return new RequirementResult(q.kind(), facts.status(), facts, passed, List.of(), List.of(), q.line(), List.of());
    }
}
