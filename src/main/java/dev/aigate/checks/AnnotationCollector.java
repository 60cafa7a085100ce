package dev.aigate.checks;

import dev.aigate.checks.CheckRunContent.Annotation;
import dev.aigate.checks.CheckRunContent.Level;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.PolicyProblem;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.policy.Status;
import dev.aigate.policy.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns policy problems and per-file requirement notes into annotations, policy problems first,
 * at most {@link #MAX_ANNOTATIONS} in all. GitHub takes 50 per request; the publisher batches.
 */
final class AnnotationCollector {

    /** More than this would cost the publisher over ten requests for notes nobody reads one by one. */
    static final int MAX_ANNOTATIONS = 500;
    static final String POLICY_PROBLEM_TITLE = "ai-gate policy problem";

    /** The annotations kept, and how many there were before the cap. */
    record Collected(List<Annotation> shown, int total) {
        boolean capped() {
            return total > shown.size();
        }
    }

    private final Set<Annotation> all = new LinkedHashSet<>();

    void add(PullRequestResult r) {
        Evaluation e = r.evaluation();
        if (r.policyPath() != null && !r.policyPath().isBlank()) {
            for (PolicyProblem p : ProblemsSection.sorted(e.problems())) {
                int line = Math.max(1, p.line());
                all.add(new Annotation(r.policyPath(), line, line, Level.FAILURE, POLICY_PROBLEM_TITLE,
                        Markdown.shorten(p.message() + " (line " + line + ", column " + Math.max(1, p.column()) + ")",
                                Annotation.MAX_MESSAGE_CHARS)));
            }
        }
        for (RuleResult rule : e.rules()) {
            if (!rule.applied()) {
                continue;
            }
            for (RequirementResult req : rule.requirements()) {
                Level level = level(rule, req, r.overridden());
                String title = Markdown.shorten(rule.name() + ": " + req.kind(), Annotation.MAX_TITLE_CHARS);
                boolean unmet = !req.status().met();
                if (unmet && req.policyLine() > 0 && r.policyPath() != null && !r.policyPath().isBlank()) {
                    // Point at the line of the policy that asks for it, so the reader sees the rule itself. The
                    // policy file is seldom in the diff, and the conclusion already fails: only a notice there.
                    all.add(new Annotation(r.policyPath(), req.policyLine(), req.policyLine(), Level.NOTICE, title,
                            Markdown.shorten(RequirementText.detail(req) + (RequirementText.howToSatisfy(req).isBlank() ? "" : ". " + RequirementText.howToSatisfy(req)),
                                    Annotation.MAX_MESSAGE_CHARS)));
                }
                for (RequirementResult.FileNote note : req.fileNotes()) {
                    if (note.path() == null || note.path().isBlank()) {
                        continue;
                    }
                    int line = Math.max(1, note.line());
                    all.add(new Annotation(note.path(), line, line, level, title,
                            Markdown.shorten(FileNoteText.message(note), Annotation.MAX_MESSAGE_CHARS)));
                }
            }
        }
    }

    Collected collect() {
        List<Annotation> shown = new ArrayList<>(Math.min(all.size(), MAX_ANNOTATIONS));
        for (Annotation a : all) {
            if (shown.size() == MAX_ANNOTATIONS) {
                break;
            }
            shown.add(a);
        }
        return new Collected(List.copyOf(shown), all.size());
    }

    private static Level level(RuleResult rule, RequirementResult req, boolean overridden) {
        if (req.status().met()) {
            return Level.NOTICE;
        }
        // Waiting for someone (an approval, a running check) is not a fault of the file it is noted on, and an
        // observed rule never blocks.
        if (overridden || rule.observed() || rule.onFailure() != Verdict.FAILURE || req.status() == Status.PENDING) {
            return Level.WARNING;
        }
        return Level.FAILURE;
    }
}
