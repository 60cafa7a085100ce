package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.PolicyProblem;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.policy.Status;
import dev.aigate.policy.Verdict;
import dev.aigate.provenance.Evidence;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeResult;
import dev.aigate.provenance.Tier;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the markdown of one evaluated pull request: the summary (verdict and next steps first,
 * then facts, problems, notes, rules, evidence) and the long detail that did not belong in it.
 * Every list has a cap; the budget stops everything else at GitHub's byte limit.
 */
final class SummaryWriter {

    /** Next steps listed at the top; the rest are under each rule. */
    static final int STEPS_IN_SUMMARY = 15;
    /** Evidence rows in the summary; the rest go to the long detail. */
    static final int EVIDENCE_ROWS_IN_SUMMARY = 50;
    /** More evidence rows than this are folded into {@code <details>}. */
    static final int EVIDENCE_COLLAPSE_ABOVE = 10;
    /** Per-file notes per requirement in the summary; the rest go to the long detail. */
    static final int FILE_NOTES_IN_SUMMARY = 20;
    /** Policy problems in the summary; the rest go to the long detail. */
    static final int PROBLEMS_IN_SUMMARY = 50;
    /** People listed as counted or excluded per requirement. */
    static final int PEOPLE_IN_SUMMARY = 30;
    static final int MATCHED_TEXT_CHARS = 80;
    /** Files per line when the long detail groups paths by directory. */
    static final int FILES_PER_LINE = 25;
    /** The bullet of the facts list, which must differ from the "To pass" list's {@code -} above it. */
    static final String FACT = "* ";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SummaryWriter() {
    }

    // ---------------------------------------------------------------- summary

    /**
     * Writes one pull request's summary.
     *
     * @param scope     prefix for the names of cut sections ({@code "acme/app#12: "}), empty for one PR
     * @param level     markdown heading level of the headline (2 alone, 3 inside a combined run)
     * @param annotationNote a sentence about capped annotations, or null
     */
    static void summary(PullRequestResult r, MarkdownBudget md, String scope, int level, String annotationNote,
                        String detailsUrl) {
        Evaluation e = r.evaluation();
        String h = "#".repeat(level);
        String h2 = "#".repeat(level + 1);
        String h3 = "#".repeat(level + 2);

        if (r.overridden()) {
            GateOverride o = r.override();
            String reason = o.reason().isBlank() ? "no reason given" : "“" + Markdown.text(o.reason(), 500) + "”";
            md.append("> ✅ " + CheckRunText.OVERRIDE_BANNER + " by " + Markdown.who(o.actor()) + " on "
                    + WHEN.format(o.at()) + ": " + reason + "\n> " + CheckRunText.OVERRIDE_PASSES + "**"
                    + verdictWords(e.verdict()) + "**.\n\n");
            md.append(h + " " + CheckRunText.HEADLINE_OVERRIDDEN + verdictIcon(e.verdict()) + " " + verdictWords(e.verdict())
                    + "\n\n");
        } else {
            md.append(h + " " + headline(e) + "\n\n");
        }

        List<String> steps = nextSteps(e, true);
        if (PullRequestResult.blocking(e.verdict()) && !steps.isEmpty()) {
            StringBuilder b = new StringBuilder(r.overridden() ? CheckRunText.UNMET_UNDER_OVERRIDE : CheckRunText.TO_PASS)
                    .append('\n');
            for (String s : steps.subList(0, Math.min(steps.size(), STEPS_IN_SUMMARY))) {
                b.append("- ").append(s).append('\n');
            }
            if (steps.size() > STEPS_IN_SUMMARY) {
                b.append("- …and ").append(Markdown.count(steps.size() - STEPS_IN_SUMMARY)).append(" more, under ")
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

        facts(r, md, scope);
        problems(r, md, scope, h2);
        notes(e, annotationNote, md, scope, h2);
        rules(e, md, scope, h2, h3);
        evidence(e, md, scope, h2);
        footer(r, md, detailsUrl);
    }

    static String headline(Evaluation e) {
        if (e.policyState() == Evaluation.PolicyState.INVALID) {
            return CheckRunText.HEADLINE_INVALID_POLICY;
        }
        if (e.policyState() == Evaluation.PolicyState.OVER_BUDGET) {
            return CheckRunText.HEADLINE_OVER_BUDGET;
        }
        if (e.observing() && !PullRequestResult.blocking(e.verdict())) {
            return PullRequestResult.blocking(e.wouldVerdict()) ? CheckRunText.HEADLINE_OBSERVE_WOULD_BLOCK
                    : CheckRunText.HEADLINE_OBSERVE_WOULD_PASS;
        }
        return switch (e.verdict()) {
            case SUCCESS -> CheckRunText.HEADLINE_SUCCESS;
            case FAILURE -> CheckRunText.HEADLINE_FAILURE;
            case ACTION_REQUIRED -> CheckRunText.HEADLINE_ACTION_REQUIRED;
            default -> CheckRunText.HEADLINE_NEUTRAL;
        };
    }

    /**
     * What must happen for the check to pass, one entry per unmet requirement of a blocking rule.
     *
     * @param markdown whether to name the rule in markdown (summary) or plainly (title)
     */
    static List<String> nextSteps(Evaluation e, boolean markdown) {
        return steps(e, markdown, rule -> PullRequestResult.blocking(rule.verdict()));
    }

    /**
     * What enforcing would demand on top: one entry per unmet requirement of an observed rule that would block
     * (for a policy in observe mode that ran out of budget, the budget step).
     */
    static List<String> wouldSteps(Evaluation e, boolean markdown) {
        if (e.policyState() == Evaluation.PolicyState.OVER_BUDGET) {
            return e.observing() && !PullRequestResult.blocking(e.verdict()) ? steps(e, markdown, rule -> true) : List.of();
        }
        return steps(e, markdown, rule -> rule.observed() && PullRequestResult.blocking(rule.wouldVerdict()));
    }

    /** The observe-mode explanation and what the observed rules would block on. */
    private static void observed(Evaluation e, MarkdownBudget md, String scope) {
        List<String> would = wouldSteps(e, true);
        StringBuilder b = new StringBuilder();
        if (e.observing()) {
            b.append(CheckRunText.OBSERVE_EXPLAINED).append(" Enforced, it would conclude **")
                    .append(e.wouldVerdict().conclusion()).append("**.\n\n");
        }
        if (!would.isEmpty()) {
            b.append(CheckRunText.WOULD_BLOCK).append('\n');
            for (String s : would.subList(0, Math.min(would.size(), STEPS_IN_SUMMARY))) {
                b.append("- ").append(s).append('\n');
            }
            if (would.size() > STEPS_IN_SUMMARY) {
                b.append("- …and ").append(Markdown.count(would.size() - STEPS_IN_SUMMARY)).append(" more, under ")
                        .append(CheckRunText.SECTION_RULES).append(" below\n");
            }
            b.append('\n');
        }
        if (!b.isEmpty() && !md.append(b.toString())) {
            md.omit(scope + "what observe mode would block");
        }
    }

    private static List<String> steps(Evaluation e, boolean markdown, java.util.function.Predicate<RuleResult> blocking) {
        List<String> out = new ArrayList<>();
        if (e.policyState() == Evaluation.PolicyState.INVALID) {
            out.add("Fix " + Markdown.plural(e.problems().size(), "problem", "problems")
                    + " in the policy file on the base branch (listed below).");
            return out;
        }
        if (e.policyState() == Evaluation.PolicyState.OVER_BUDGET) {
            String step = CheckRunText.overBudget(e.overBudget());
            return List.of(markdown ? Markdown.text(step, 600) : step);
        }
        for (RuleResult rule : e.rules()) {
            if (!rule.applied() || !blocking.test(rule)) {
                continue;
            }
            boolean any = false;
            for (RequirementResult req : rule.requirements()) {
                if (req.status() == Status.SATISFIED || req.status() == Status.SKIPPED) {
                    continue;
                }
                if (!rule.hint().isBlank()) {
                    // The rule words its own instruction: one step for the rule, in its words.
                    String step = Markdown.phrase(rule.hint());
                    out.add(markdown ? Markdown.text(step, 300) + " (rule **" + Markdown.text(rule.name(), 100) + "**)" : step);
                    any = true;
                    break;
                }
                any = true;
                String step = Markdown.phrase(req.howToSatisfy() == null || req.howToSatisfy().isBlank()
                        ? req.kind() + ": " + req.detail() : req.howToSatisfy());
                if (markdown) {
                    out.add(Markdown.text(step, 300) + " (rule **" + Markdown.text(rule.name(), 100) + "**)");
                } else if (!out.contains(step)) {
                    out.add(step);
                }
            }
            if (!any) {
                String step = "rule " + rule.name() + " is " + statusWord(rule.status());
                out.add(markdown ? Markdown.text(step) : step);
            }
        }
        return out;
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
            if (shown == PROBLEMS_IN_SUMMARY) {
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
        if (shown == PROBLEMS_IN_SUMMARY && problems.size() > shown) {
            md.append("…and " + Markdown.count(problems.size() - shown) + " more in the details below.\n\n");
        }
    }

    private static void notes(Evaluation e, String annotationNote, MarkdownBudget md, String scope, String h2) {
        List<String> notes = new ArrayList<>(e.notes());
        if (e.provenance() != null) {
            // The classifier's own remarks: claims of "no AI" it did not act on, capped evidence, overrides.
            notes.addAll(e.provenance().notes());
        }
        if (annotationNote != null) {
            notes.add(annotationNote);
        }
        // With no policy, the only note is the headline's explanation: say it plainly, no heading.
        if (e.policyState() == Evaluation.PolicyState.NONE) {
            for (String n : notes) {
                md.append(Markdown.text(n, 1000) + "\n\n");
            }
            return;
        }
        if (notes.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(h2).append(' ').append(CheckRunText.SECTION_NOTES).append("\n\n");
        for (String n : notes) {
            b.append("- ").append(Markdown.text(n, 1000)).append('\n');
        }
        if (!md.append(b.append('\n').toString())) {
            md.omit(scope + "notes (" + notes.size() + ")");
        }
    }

    private static void rules(Evaluation e, MarkdownBudget md, String scope, String h2, String h3) {
        if (e.policyState() != Evaluation.PolicyState.LOADED) {
            return;
        }
        List<RuleResult> applied = e.rules().stream().filter(RuleResult::applied).toList();
        List<RuleResult> unmet = applied.stream().filter(x -> PullRequestResult.blocking(x.wouldVerdict())).toList();
        List<RuleResult> met = applied.stream().filter(x -> !PullRequestResult.blocking(x.wouldVerdict())).toList();
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
        b.append(h3).append(' ').append(statusIcon(rule.status())).append(' ').append(Markdown.text(rule.name(), 100))
                .append(" — ").append(statusWord(rule.status()));
        if (PullRequestResult.blocking(rule.verdict())) {
            b.append(" (gives **").append(verdictWords(rule.onFailure())).append("**)");
        }
        if (rule.observed() && PullRequestResult.blocking(rule.wouldVerdict())) {
            b.append(" (observe mode: would give **").append(rule.onFailure().conclusion()).append("**)");
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
        if (PullRequestResult.blocking(rule.verdict()) && !rule.hint().isBlank()) {
            b.append("**To satisfy:** ").append(Markdown.text(rule.hint(), 500)).append("\n\n");
        }
        for (RequirementResult req : rule.requirements()) {
            b.append("- ").append(statusIcon(req.status())).append(" **").append(Markdown.text(req.kind(), 60))
                    .append("** — ").append(statusWord(req.status()));
            if (req.detail() != null && !req.detail().isBlank()) {
                b.append(": ").append(Markdown.text(req.detail(), 500));
            }
            b.append('\n');
            if (!req.counted().isEmpty()) {
                b.append("  - Counted: ").append(people(req.counted())).append('\n');
            }
            if (!req.excluded().isEmpty()) {
                List<String> ex = new ArrayList<>();
                for (RequirementResult.Exclusion x : req.excluded()) {
                    ex.add(Markdown.who(x.who()) + " (" + Markdown.text(x.reason(), 200) + ")");
                }
                b.append("  - Not counted: ").append(capped(ex)).append('\n');
            }
            kept(req, b);
            if (req.status() != Status.SATISFIED && req.howToSatisfy() != null && !req.howToSatisfy().isBlank()) {
                b.append("  - **To satisfy:** ").append(Markdown.text(req.howToSatisfy(), 500)).append('\n');
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
                + Markdown.plural(notes.size(), "file", "files") + "</summary>\n\n" + fileHeader(notes))) {
            md.omit(label + " (" + notes.size() + ")");
            return;
        }
        int shown = 0;
        boolean lines = hasLines(notes);
        for (RequirementResult.FileNote n : notes) {
            if (shown == FILE_NOTES_IN_SUMMARY) {
                break;
            }
            if (!md.append(fileRow(n, lines))) {
                md.omit(label + " " + (shown + 1) + "–" + notes.size());
                break;
            }
            shown++;
        }
        md.close("\n");
        if (shown == FILE_NOTES_IN_SUMMARY && notes.size() > shown) {
            md.append("…and " + Markdown.count(notes.size() - shown) + " more in the details below.\n\n");
        }
        md.close("</details>\n\n");
    }

    /**
     * Whether any note points at a particular line. Line 1 stands for the whole file, so a column of
     * nothing but 1s would say nothing, and is left out.
     */
    static boolean hasLines(List<RequirementResult.FileNote> notes) {
        return notes.stream().anyMatch(n -> n.line() > 1);
    }

    static String fileHeader(List<RequirementResult.FileNote> notes) {
        return hasLines(notes) ? "| File | Line | Note |\n|---|---|---|\n" : "| File | Note |\n|---|---|\n";
    }

    static String fileRow(RequirementResult.FileNote n, boolean lines) {
        return "| " + Markdown.code(n.path(), 200) + " | " + (lines ? (n.line() > 1 ? n.line() : "") + " | " : "")
                + Markdown.text(n.message(), 300) + " |\n";
    }

    private static String people(List<String> who) {
        List<String> out = new ArrayList<>(who.size());
        for (String w : who) {
            out.add(Markdown.who(w));
        }
        return capped(out);
    }

    private static String capped(List<String> items) {
        if (items.size() <= PEOPLE_IN_SUMMARY) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, PEOPLE_IN_SUMMARY)) + " and "
                + Markdown.count(items.size() - PEOPLE_IN_SUMMARY) + " more";
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
        boolean fold = ev.size() > EVIDENCE_COLLAPSE_ABOVE || (!ev.isEmpty() && !PullRequestResult.blocking(e.verdict()));
        if (!ev.isEmpty()) {
            if (fold) {
                head.append("<details><summary>").append(Markdown.plural(ev.size(), "signal", "signals"))
                        .append(" found</summary>\n\n");
            }
            head.append(evidenceHeader());
        }
        if (!md.append(head.toString())) {
            md.omit(scope + "provenance evidence (" + ev.size() + " signals)");
            return;
        }
        if (!ev.isEmpty()) {
            int shown = 0;
            for (Evidence x : ev) {
                if (shown == EVIDENCE_ROWS_IN_SUMMARY) {
                    break;
                }
                if (!md.append(evidenceRow(x))) {
                    md.omit(scope + "evidence rows " + (shown + 1) + "–" + ev.size());
                    break;
                }
                shown++;
            }
            md.close("\n");
            if (shown == EVIDENCE_ROWS_IN_SUMMARY && ev.size() > shown) {
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

    static String evidenceHeader() {
        return "| Signal | Tier | Where | Matched text | Forgeable? |\n|---|---|---|---|---|\n";
    }

    static String evidenceRow(Evidence x) {
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

    private static void footer(PullRequestResult r, MarkdownBudget md, String detailsUrl) {
        List<String> parts = new ArrayList<>();
        if (r.headSha() != null && !r.headSha().isEmpty()) {
            parts.add("Evaluated at " + Markdown.code(Markdown.shortSha(r.headSha()), 10));
        }
        if (detailsUrl != null) {
            parts.add("[Details page](" + detailsUrl + ")");
        }
        if (!parts.isEmpty()) {
            md.append("<sub>" + String.join(" · ", parts) + "</sub>\n");
        }
    }

    // ---------------------------------------------------------------- long detail (output.text)

    /** Whether the long detail has anything the summary did not show in full. */
    static boolean hasLongDetail(Evaluation e) {
        if (e.problems().size() > PROBLEMS_IN_SUMMARY) {
            return true;
        }
        if (e.provenance() != null && e.provenance().evidence().size() > EVIDENCE_ROWS_IN_SUMMARY) {
            return true;
        }
        for (RuleResult rule : e.rules()) {
            for (RequirementResult req : rule.requirements()) {
                if (rule.applied() && req.fileNotes().size() > FILE_NOTES_IN_SUMMARY) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The complete per-file lists, problems and evidence, for {@code output.text}. */
    static void longDetail(PullRequestResult r, MarkdownBudget md, String scope, int level) {
        Evaluation e = r.evaluation();
        String h = "#".repeat(level);
        String h2 = "#".repeat(level + 1);
        if (e.problems().size() > PROBLEMS_IN_SUMMARY) {
            if (md.append(h + " " + CheckRunText.SECTION_PROBLEMS + " (" + e.problems().size() + ")\n\n| Where | Problem |\n|---|---|\n")) {
                int i = 0;
                for (PolicyProblem p : sorted(e.problems())) {
                    if (!md.append("| " + Markdown.code(p.file() + ":" + p.line() + ":" + p.column(), 200) + " | "
                            + Markdown.text(p.message(), 500) + " |\n")) {
                        md.omit(scope + "policy problems " + (i + 1) + "–" + e.problems().size());
                        break;
                    }
                    i++;
                }
                md.close("\n");
            } else {
                md.omit(scope + "policy problems");
            }
        }
        boolean filesHeading = false;
        for (RuleResult rule : e.rules()) {
            if (!rule.applied()) {
                continue;
            }
            for (RequirementResult req : rule.requirements()) {
                List<RequirementResult.FileNote> notes = req.fileNotes();
                if (notes.size() <= FILE_NOTES_IN_SUMMARY) {
                    continue;
                }
                String label = scope + "files for " + rule.name() + " · " + req.kind();
                String head = (filesHeading ? "" : h + " " + CheckRunText.SECTION_FILES + "\n\n")
                        + h2 + " " + Markdown.text(rule.name(), 100) + " · " + Markdown.text(req.kind(), 60) + " ("
                        + Markdown.plural(notes.size(), "file", "files") + ")\n\n";
                String shared = sharedMessage(notes);
                head += shared != null ? Markdown.text(shared, 500) + ":\n\n" : fileHeader(notes);
                if (!md.append(head)) {
                    md.omit(label + " (" + notes.size() + ")");
                    continue;
                }
                filesHeading = true;
                int done = shared != null ? filesByDirectory(notes, md) : fileTable(notes, md);
                if (done < notes.size()) {
                    md.omit(label + " " + (done + 1) + "–" + notes.size() + " of " + notes.size());
                }
                md.close("\n");
            }
        }
        ProvenanceResult p = e.provenance();
        if (p != null && p.evidence().size() > EVIDENCE_ROWS_IN_SUMMARY) {
            if (md.append(h + " " + CheckRunText.SECTION_ALL_EVIDENCE + " (" + Markdown.count(p.evidence().size())
                    + " signals)\n\n" + evidenceHeader())) {
                int i = 0;
                for (Evidence x : p.evidence()) {
                    if (!md.append(evidenceRow(x))) {
                        md.omit(scope + "evidence rows " + (i + 1) + "–" + p.evidence().size());
                        break;
                    }
                    i++;
                }
                md.close("\n");
            } else {
                md.omit(scope + "evidence (" + p.evidence().size() + " signals)");
            }
        }
    }

    /** The message every note shares when none points at a particular line; else null. */
    private static String sharedMessage(List<RequirementResult.FileNote> notes) {
        String first = notes.get(0).message();
        for (RequirementResult.FileNote n : notes) {
            if (n.line() > 1 || !java.util.Objects.equals(first, n.message())) {
                return null;
            }
        }
        return first;
    }

    private static int fileTable(List<RequirementResult.FileNote> notes, MarkdownBudget md) {
        int done = 0;
        boolean lines = hasLines(notes);
        for (RequirementResult.FileNote n : notes) {
            if (!md.append(fileRow(n, lines))) {
                break;
            }
            done++;
        }
        return done;
    }

    /**
     * Paths grouped by directory, one line per {@value #FILES_PER_LINE} files: a third of the bytes of
     * a table, so that thousands of files still fit, and easier to scan.
     */
    private static int filesByDirectory(List<RequirementResult.FileNote> notes, MarkdownBudget md) {
        java.util.Map<String, List<String>> byDir = new java.util.LinkedHashMap<>();
        for (RequirementResult.FileNote n : notes) {
            String p = n.path() == null ? "" : n.path();
            int slash = p.lastIndexOf('/');
            byDir.computeIfAbsent(slash < 0 ? "" : p.substring(0, slash + 1), k -> new ArrayList<>())
                    .add(p.substring(slash + 1));
        }
        int done = 0;
        for (java.util.Map.Entry<String, List<String>> d : byDir.entrySet()) {
            List<String> names = d.getValue();
            for (int from = 0; from < names.size(); from += FILES_PER_LINE) {
                List<String> chunk = names.subList(from, Math.min(names.size(), from + FILES_PER_LINE));
                StringBuilder line = new StringBuilder("- ");
                line.append(d.getKey().isEmpty() ? "(repository root)" : Markdown.code(d.getKey(), 200)).append(' ');
                for (int i = 0; i < chunk.size(); i++) {
                    line.append(i == 0 ? "" : ", ").append(Markdown.text(chunk.get(i), 200));
                }
                if (!md.append(line.append('\n').toString())) {
                    return done;
                }
                done += chunk.size();
            }
        }
        return done;
    }

    // ---------------------------------------------------------------- words

    static String statusIcon(Status s) {
        return switch (s) {
            case SATISFIED -> "✅";
            case PENDING -> "⏳";
            case FAILED -> "❌";
            default -> "➖";
        };
    }

    static String statusWord(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** A conclusion as words for people: "action required", not the API's {@code action_required}. */
    static String verdictWords(Verdict v) {
        return v.conclusion().replace('_', ' ');
    }

    static String verdictIcon(Verdict v) {
        return switch (v) {
            case SUCCESS -> "✅";
            case FAILURE -> "❌";
            case ACTION_REQUIRED -> "⚠️";
            default -> "➖";
        };
    }
}
