package dev.aigate.checks;

import dev.aigate.policy.Evaluation;

import java.util.List;

/**
 * What must happen for the check to pass ("To pass"), what observe mode would block on, and whether a
 * recorded override is needed at all.
 */
final class NextStepsSection implements SummarySection {

    /** Next steps listed at the top; the rest are under each rule. */
    static final int IN_SUMMARY = 15;

    @Override
    public void write(SummaryScope sc) {
        PullRequestResult r = sc.result();
        Evaluation e = r.evaluation();
        MarkdownBudget md = sc.md();
        String scope = sc.scope();
        List<String> steps = Steps.nextSteps(e, true);
        if (e.verdict().blocks() && !steps.isEmpty()) {
            StringBuilder b = new StringBuilder(r.overridden() ? CheckRunText.UNMET_UNDER_OVERRIDE : CheckRunText.TO_PASS)
                    .append('\n');
            for (String s : steps.subList(0, Math.min(steps.size(), IN_SUMMARY))) {
                b.append("- ").append(s).append('\n');
            }
            if (steps.size() > IN_SUMMARY) {
                b.append("- …and ").append(Markdown.count(steps.size() - IN_SUMMARY)).append(" more, under ")
                        .append(CheckRunText.SECTION_RULES).append(" below\n");
            }
            if (!md.append(b.append('\n').toString())) {
                md.omit(scope + "next steps");
            }
        }
        observed(e, md, scope);
        if (r.override() != null && !r.overridden()) {
            md.append(CheckRunText.OVERRIDE_NOT_NEEDED + "\n\n");
        }
    }

    /** The observe-mode explanation and what the observed rules would block on. */
    private static void observed(Evaluation e, MarkdownBudget md, String scope) {
        List<String> would = Steps.wouldSteps(e, true);
        StringBuilder b = new StringBuilder();
        if (e.observing()) {
            b.append(CheckRunText.OBSERVE_EXPLAINED).append(" Enforced, it would conclude **")
                    .append(Conclusions.of(e.wouldVerdict())).append("**.\n\n");
        }
        if (!would.isEmpty()) {
            b.append(CheckRunText.WOULD_BLOCK).append('\n');
            for (String s : would.subList(0, Math.min(would.size(), IN_SUMMARY))) {
                b.append("- ").append(s).append('\n');
            }
            if (would.size() > IN_SUMMARY) {
                b.append("- …and ").append(Markdown.count(would.size() - IN_SUMMARY)).append(" more, under ")
                        .append(CheckRunText.SECTION_RULES).append(" below\n");
            }
            b.append('\n');
        }
        if (!b.isEmpty() && !md.append(b.toString())) {
            md.omit(scope + "what observe mode would block");
        }
    }
}
