package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.provenance.Evidence;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.Tier;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The provenance evidence: one row per signal, folded when long or when nothing blocks, with the tier legend.
 */
final class EvidenceSection implements SummarySection {

    /** Evidence rows in the summary; the rest go to the long detail. */
    static final int ROWS_IN_SUMMARY = 50;
    /** More evidence rows than this are folded into {@code <details>}. */
    static final int COLLAPSE_ABOVE = 10;
    static final int MATCHED_TEXT_CHARS = 80;

    @Override
    public void write(SummaryScope sc) {
        evidence(sc.result().evaluation(), sc.md(), sc.scope(), sc.h2());
    }

    private static void evidence(Evaluation e, MarkdownBudget md, String scope, String h2) {
        ProvenanceResult p = e.provenance();
        if (p == null) {
            return;
        }
        List<Evidence> ev = p.evidence();
        StringBuilder head = new StringBuilder(h2).append(' ').append(CheckRunText.SECTION_PROVENANCE).append(": ")
                .append(p.provenanceClass().id()).append("\n\n");
        if (ev.isEmpty()) {
            head.append(CheckRunText.NO_AI_MARKERS_SENTENCE).append(' ');
        }
        boolean fold = ev.size() > COLLAPSE_ABOVE || (!ev.isEmpty() && !e.verdict().blocks());
        if (!ev.isEmpty()) {
            if (fold) {
                head.append("<details><summary>").append(Markdown.plural(ev.size(), "signal", "signals"))
                        .append(" found</summary>\n\n");
            }
            head.append(header());
        }
        if (!md.append(head.toString())) {
            md.omit(scope + "provenance evidence (" + ev.size() + " signals)");
            return;
        }
        if (!ev.isEmpty()) {
            int shown = 0;
            for (Evidence x : ev) {
                if (shown == ROWS_IN_SUMMARY) {
                    break;
                }
                if (!md.append(row(x))) {
                    md.omit(scope + "evidence rows " + (shown + 1) + "–" + ev.size());
                    break;
                }
                shown++;
            }
            md.close("\n");
            if (shown == ROWS_IN_SUMMARY && ev.size() > shown) {
                md.append("Showing " + shown + " of " + Markdown.count(ev.size())
                        + " signals; all are listed in the details below.\n\n");
            }
            if (fold) {
                md.close("</details>\n\n");
            }
            md.append(tierLegend(ev) + " " + CheckRunText.FORGEABLE_LEGEND + " ");
        }
        md.append("Signal catalogue " + Markdown.code(p.catalogueVersion(), 40) + ".\n\n");
    }

    static String header() {
        return "| Signal | Tier | Where | Matched text | Forgeable? |\n|---|---|---|---|---|\n";
    }

    static String row(Evidence x) {
        return "| " + Markdown.code(x.signalId(), 80) + " | " + (x.tier() == null ? "" : x.tier().name()) + " | "
                + Markdown.text(x.location(), 80) + " | " + Markdown.text(x.matchedText(), MATCHED_TEXT_CHARS) + " | "
                + (x.forgeable() ? "yes" : "no") + " |\n";
    }

    private static String tierLegend(List<Evidence> ev) {
        Set<Tier> tiers = EnumSet.noneOf(Tier.class);
        for (Evidence x : ev) {
            if (x.tier() != null) {
                tiers.add(x.tier());
            }
        }
        List<String> parts = new ArrayList<>();
        for (Tier t : tiers) {
            parts.add("**" + t.name() + "** " + tierMeaning(t));
        }
        return "Tiers: " + String.join(", ", parts) + ".";
    }

    private static String tierMeaning(Tier t) {
        return switch (t) {
            case T0 -> "platform-attested agent account";
            case T1 -> "marker the tool writes itself";
            case T2 -> "declared by a person";
            case T3 -> "weak hint";
            case AUTOMATION -> "non-AI automation";
            case REVIEWER -> "an AI reviewer took part (never authorship)";
            default -> t.name();
        };
    }
}
