package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.policy.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules: unmet ones first and in full, satisfied ones folded away, then the skipped ones; each applied
 * rule with its requirements, who counted and who did not, and its per-file notes.
 */
final class RulesSection implements SummarySection {

    /** People listed as counted or excluded per requirement. */
    static final int PEOPLE = 30;

    @Override
    public void write(SummaryScope sc) {
        rules(sc.result().evaluation(), sc.md(), sc.scope(), sc.h2(), sc.h3());
    }

    private static void rules(Evaluation e, MarkdownBudget md, String scope, String h2, String h3) {
        if (e.policyState() != Evaluation.PolicyState.LOADED) {
            return;
        }
        List<RuleResult> applied = e.rules().stream().filter(RuleResult::applied).toList();
        List<RuleResult> unmet = applied.stream().filter(x -> x.wouldVerdict().blocks()).toList();
        List<RuleResult> met = applied.stream().filter(x -> !x.wouldVerdict().blocks()).toList();
        List<RuleResult> skipped = e.rules().stream().filter(x -> !x.applied()).toList();
        if (!md.append(h2 + " " + CheckRunText.SECTION_RULES + "\n\n")) {
            md.omit(scope + "rules (" + e.rules().size() + ")");
            return;
        }
        if (e.rules().isEmpty()) {
            md.append("The policy has no rules, so nothing is required.\n\n");
            return;
        }
        if (applied.isEmpty()) {
            md.append("No rule applies to this pull request.\n\n");
        }
        // Unmet rules first and in full; satisfied ones folded away, then the skipped ones.
        for (int i = 0; i < unmet.size(); i++) {
            if (!rule(unmet.get(i), md, scope, h3)) {
                md.omit(scope + "rules " + names(unmet.subList(i, unmet.size())));
                break;
            }
        }
        if (!met.isEmpty()) {
            if (!md.append("<details><summary>" + Markdown.plural(met.size(), "rule", "rules") + " satisfied</summary>\n\n")) {
                md.omit(scope + "satisfied rules " + names(met));
            } else {
                for (int i = 0; i < met.size(); i++) {
                    if (!rule(met.get(i), md, scope, h3)) {
                        md.omit(scope + "satisfied rules " + names(met.subList(i, met.size())));
                        break;
                    }
                }
                md.close("</details>\n\n");
            }
        }
        if (!skipped.isEmpty()) {
            if (!md.append("<details><summary>" + Markdown.plural(skipped.size(), "rule", "rules")
                    + " skipped</summary>\n\n")) {
                md.omit(scope + "skipped rules " + names(skipped));
                return;
            }
            for (int i = 0; i < skipped.size(); i++) {
                RuleResult s = skipped.get(i);
                if (!md.append("- **" + Markdown.text(s.name(), 100) + "** — skipped: " + Markdown.text(Markdown.phrase(s.why()), 300) + "\n")) {
                    md.omit(scope + "skipped rules " + names(skipped.subList(i, skipped.size())));
                    break;
                }
            }
            md.close("\n</details>\n\n");
        }
    }

    private static String names(List<RuleResult> rules) {
        List<String> n = rules.stream().limit(5).map(r -> "'" + r.name() + "'").toList();
        return String.join(", ", n) + (rules.size() > 5 ? " and " + (rules.size() - 5) + " more" : "");
    }

    /** One applied rule with its requirements; false if it did not fit. */
    private static boolean rule(RuleResult rule, MarkdownBudget md, String scope, String h3) {
        StringBuilder b = new StringBuilder();
        b.append(h3).append(' ').append(Outcomes.statusIcon(rule.status())).append(' ').append(Markdown.text(rule.name(), 100))
                .append(" — ").append(Outcomes.statusWord(rule.status()));
        if (rule.verdict().blocks()) {
            b.append(" (gives **").append(Outcomes.verdictWords(rule.onFailure())).append("**)");
        }
        if (rule.observed() && rule.wouldVerdict().blocks()) {
            b.append(" (observe mode: would give **").append(Conclusions.of(rule.onFailure())).append("**)");
        } else if (rule.observed()) {
            b.append(" (observe mode)");
        }
        b.append("\n\n");
        if (!rule.description().isBlank()) {
            b.append("> ").append(Markdown.text(rule.description(), 500)).append("\n\n");
        }
        if (rule.undecidedBy().isEmpty()) {
            b.append("Applies because ").append(Markdown.text(Markdown.phrase(rule.why()), 300)).append(".\n\n");
        } else {
            // The condition read a listing GitHub cut short and the part listed did not settle it: fail closed.
            b.append("Applied because ai-gate cannot tell whether this rule applies: ")
                    .append(Markdown.text(Markdown.phrase(rule.why()), 300)).append(".\n\n");
        }
        if (rule.requirements().isEmpty()) {
            b.append("It requires nothing.\n\n");
        }
        if (rule.verdict().blocks() && !rule.hint().isBlank()) {
            b.append("**To satisfy:** ").append(Markdown.text(rule.hint(), 500)).append("\n\n");
        }
        for (RequirementResult req : rule.requirements()) {
            b.append("- ").append(Outcomes.statusIcon(req.status())).append(" **").append(Markdown.text(req.kind(), 60))
                    .append("** — ").append(Outcomes.statusWord(req.status()));
            String detail = RequirementText.detail(req);
            if (!detail.isBlank()) {
                b.append(": ").append(Markdown.text(detail, 500));
            }
            b.append('\n');
            if (!req.counted().isEmpty()) {
                b.append("  - Counted: ").append(people(req.counted())).append('\n');
            }
            if (!req.excluded().isEmpty()) {
                List<String> ex = new ArrayList<>();
                for (RequirementResult.Exclusion x : req.excluded()) {
                    ex.add(Markdown.who(x.who()) + " (" + Markdown.text(ExclusionText.reason(x), 200) + ")");
                }
                b.append("  - Not counted: ").append(capped(ex)).append('\n');
            }
            kept(req, b);
            String how = RequirementText.howToSatisfy(req);
            if (req.status() != Status.SATISFIED && !how.isBlank()) {
                b.append("  - **To satisfy:** ").append(Markdown.text(how, 500)).append('\n');
            }
        }
        b.append('\n');
        if (!md.append(b.toString())) {
            return false;
        }
        for (RequirementResult req : rule.requirements()) {
            fileNotes(rule, req, md, scope);
        }
        return true;
    }

    /** The approvals on earlier heads that still count because the pull request's own changes are the same. */
    private static void kept(RequirementResult req, StringBuilder b) {
        List<String> kept = new ArrayList<>();
        for (RequirementResult.Carried c : req.carried()) {
            if (c.kept()) {
                kept.add(Markdown.who(c.who()) + " (approved " + Markdown.code(Markdown.shortSha(c.approvedSha()), 10)
                        + "; the pull request's own changes are the same at " + Markdown.code(Markdown.shortSha(c.headSha()), 10) + ")");
            }
        }
        if (!kept.isEmpty()) {
            b.append("  - Kept across pushes: ").append(capped(kept)).append('\n');
        }
    }

    private static void fileNotes(RuleResult rule, RequirementResult req, MarkdownBudget md, String scope) {
        List<RequirementResult.FileNote> notes = req.fileNotes();
        if (notes.isEmpty()) {
            return;
        }
        String label = scope + "files for " + rule.name() + " · " + req.kind();
        if (!md.append("<details><summary>" + Markdown.html(req.kind(), 60) + ": "
                + Markdown.plural(notes.size(), "file", "files") + "</summary>\n\n" + FileNotesTable.header(notes))) {
            md.omit(label + " (" + notes.size() + ")");
            return;
        }
        int shown = 0;
        boolean lines = FileNotesTable.hasLines(notes);
        for (RequirementResult.FileNote n : notes) {
            if (shown == FileNotesTable.IN_SUMMARY) {
                break;
            }
            if (!md.append(FileNotesTable.row(n, lines))) {
                md.omit(label + " " + (shown + 1) + "–" + notes.size());
                break;
            }
            shown++;
        }
        md.close("\n");
        if (shown == FileNotesTable.IN_SUMMARY && notes.size() > shown) {
            md.append("…and " + Markdown.count(notes.size() - shown) + " more in the details below.\n\n");
        }
        md.close("</details>\n\n");
    }

    private static String people(List<String> who) {
        List<String> out = new ArrayList<>(who.size());
        for (String w : who) {
            out.add(Markdown.who(w));
        }
        return capped(out);
    }

    private static String capped(List<String> items) {
        if (items.size() <= PEOPLE) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, PEOPLE)) + " and "
                + Markdown.count(items.size() - PEOPLE) + " more";
    }
}
