package dev.aigate.checks;

import dev.aigate.policy.PolicyProblem;

import java.util.List;

/**
 * The policy problems, in file order, as a table of where and what.
 */
final class ProblemsSection implements SummarySection {

    /** Policy problems in the summary; the rest go to the long detail. */
    static final int IN_SUMMARY = 50;

    @Override
    public void write(SummaryScope sc) {
        problems(sc.result(), sc.md(), sc.scope(), sc.h2());
    }

    /** Problems in file order, so the table reads top to bottom like the file. */
    static List<PolicyProblem> sorted(List<PolicyProblem> problems) {
        return problems.stream().sorted(java.util.Comparator.comparing((PolicyProblem p) -> String.valueOf(p.file()))
                .thenComparingInt(PolicyProblem::line).thenComparingInt(PolicyProblem::column)).toList();
    }

    private static void problems(PullRequestResult r, MarkdownBudget md, String scope, String h2) {
        List<PolicyProblem> problems = sorted(r.evaluation().problems());
        if (problems.isEmpty()) {
            return;
        }
        String head = h2 + " " + CheckRunText.SECTION_PROBLEMS + "\n\n"
                + "Fix these in the policy file on the base branch"
                + (r.policyPath() != null ? "; each is also marked on its line" : "") + ".\n\n"
                + "| Where | Problem |\n|---|---|\n";
        if (!md.append(head)) {
            md.omit(scope + "policy problems (" + problems.size() + ")");
            return;
        }
        int shown = 0;
        for (PolicyProblem p : problems) {
            if (shown == IN_SUMMARY) {
                break;
            }
            String row = "| " + Markdown.code(p.file() + ":" + p.line() + ":" + p.column(), 200) + " | "
                    + Markdown.text(p.message(), 500) + " |\n";
            if (!md.append(row)) {
                md.omit(scope + "policy problems " + (shown + 1) + "–" + problems.size());
                break;
            }
            shown++;
        }
        md.close("\n");
        if (shown == IN_SUMMARY && problems.size() > shown) {
            md.append("…and " + Markdown.count(problems.size() - shown) + " more in the details below.\n\n");
        }
    }
}
