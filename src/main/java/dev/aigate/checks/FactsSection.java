package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeResult;

import java.util.TreeSet;

/**
 * The facts list: provenance with its class and tools, size, and where the policy came from.
 */
final class FactsSection implements SummarySection {

    /** The bullet of the facts list, which must differ from the "To pass" list's {@code -} above it. */
    static final String FACT = "* ";

    @Override
    public void write(SummaryScope sc) {
        facts(sc.result(), sc.md(), sc.scope());
    }

    private static void facts(PullRequestResult r, MarkdownBudget md, String scope) {
        Evaluation e = r.evaluation();
        StringBuilder b = new StringBuilder();
        ProvenanceResult p = e.provenance();
        // "*", not "-": a "-" list right after the "To pass" list, blank line or not, would be part of it.
        if (p != null) {
            b.append(FACT + "**Provenance:** ").append(provenanceLine(p)).append('\n');
            b.append(ProvenanceFacts.lines(p, FACT));
        }
        SizeResult s = e.size();
        if (s != null) {
            b.append(FACT + "**Size:** ").append(sizeLine(s)).append('\n');
        }
        if (e.policyLocation() != null) {
            b.append(FACT + "**Policy:** ").append(Markdown.code(e.policyLocation(), 200)).append('\n');
        }
        if (!b.isEmpty() && !md.append(b.append('\n').toString())) {
            md.omit(scope + "provenance and size");
        }
    }

    static String provenanceLine(ProvenanceResult p) {
        StringBuilder b = new StringBuilder("**").append(p.provenanceClass().id()).append("**");
        if (p.provenanceClass() == ProvenanceClass.NONE) {
            b.append(" — ").append(CheckRunText.NO_AI_MARKERS);
        } else {
            b.append(" — ").append(classMeaning(p.provenanceClass()));
        }
        if (!p.tools().isEmpty()) {
            b.append(" · tools: ").append(Markdown.text(String.join(", ", new TreeSet<>(p.tools())), 200));
        }
        if (p.aiCommitShare() > 0) {
            b.append(" · ").append(Math.round(p.aiCommitShare() * 100)).append("% of commits carry a strong AI marker");
        }
        if (!p.commitsComplete()) {
            b.append(" · GitHub listed only part of the commits, so some were not checked");
        }
        return b.toString();
    }

    private static String classMeaning(ProvenanceClass c) {
        return switch (c) {
            case AGENT -> "opened or pushed by an AI agent account";
            case ASSISTED -> "a tool-written AI marker in the commits or body";
            case DECLARED -> "AI use declared by the author";
            case SUSPECTED -> "only weak hints of AI use";
            case AUTOMATION -> "non-AI automation";
            default -> c.id();
        };
    }

    static String sizeLine(SizeResult s) {
        StringBuilder b = new StringBuilder();
        b.append(s.sizeClass() == null ? "no size class matched" : "**" + Markdown.text(s.sizeClass(), 60) + "**");
        b.append(" — ").append(Markdown.plural(s.lines(), "changed line", "changed lines"))
                .append(" in ").append(Markdown.plural(s.files(), "file", "files"));
        if (s.generatedFiles() > 0 || s.generatedLines() > 0) {
            b.append(" · generated or vendored, counted apart: ")
                    .append(Markdown.plural(s.generatedLines(), "line", "lines")).append(" in ")
                    .append(Markdown.plural(s.generatedFiles(), "file", "files"));
        }
        if (!s.complete()) {
            b.append(" · GitHub truncated the file list, so these are lower bounds");
        }
        return b.toString();
    }
}
