package dev.aigate.checks;

import dev.aigate.checks.CheckRunContent.Action;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.Verdict;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.snapshot.PullRequestKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns evaluated pull requests into the content of the {@code ai-gate} check run. Pure and
 * thread-safe: build one per server with the public URL, call it for every result.
 *
 * <pre>{@code
 * CheckRunRenderer renderer = new CheckRunRenderer(System.getenv("AIGATE_PUBLIC_URL"));
 * CheckRunContent content = renderer.render(PullRequestResult.of(key, headSha, evaluation, ".github/ai-gate.yml"));
 * }</pre>
 */
public final class CheckRunRenderer {

    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final String publicUrl;

    /**
     * @param publicUrl the server's public base URL ({@code AIGATE_PUBLIC_URL}); null or blank for no details link
     */
    public CheckRunRenderer(String publicUrl) {
        String u = publicUrl == null ? "" : publicUrl.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        this.publicUrl = u.isEmpty() ? null : u;
    }

    /** Convenience for a pull request without an override. */
    public CheckRunContent render(PullRequestKey pr, String headSha, Evaluation evaluation, String policyPath) {
        return render(PullRequestResult.of(pr, headSha, evaluation, policyPath));
    }

    /** The check run for one pull request. */
    public CheckRunContent render(PullRequestResult r) {
        AnnotationCollector annotations = new AnnotationCollector();
        annotations.add(r);
        AnnotationCollector.Collected collected = annotations.collect();
        String url = detailsUrl(r.pr());

        MarkdownBudget summary = new MarkdownBudget(CheckRunContent.MAX_OUTPUT_BYTES);
        new SummaryWriter(annotationNote(collected), url).write(r, summary, "", 2);

        String text = null;
        if (LongDetail.needed(r.evaluation())) {
            MarkdownBudget detail = new MarkdownBudget(CheckRunContent.MAX_OUTPUT_BYTES);
            LongDetail.write(r, detail, "", 2);
            text = detail.finish(hint(url));
        }
        Verdict verdict = r.effectiveVerdict();
        return new CheckRunContent(CheckRunText.CHECK_NAME, Conclusions.of(verdict), title(r),
                summary.finish(hint(url) + (text != null ? " " + CheckRunText.SEE_DETAILS_TEXT : "")), text,
                collected.shown(), actions(verdict), url);
    }

    /**
     * One check run for a head commit that several open pull requests share (stacked or duplicate
     * pull requests): the strictest conclusion wins, and every pull request's verdict is listed.
     */
    public CheckRunContent renderCombined(List<PullRequestResult> results) {
        Objects.requireNonNull(results, "results");
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no pull requests to render");
        }
        if (results.size() == 1) {
            return render(results.get(0));
        }
        List<PullRequestResult> ordered = new ArrayList<>(results);
        // Strictest first, then by number, so the pull request that decides the conclusion leads.
        ordered.sort(Comparator.comparing((PullRequestResult r) -> r.effectiveVerdict().ordinal()).reversed()
                .thenComparing(Comparator.comparing((PullRequestResult r) -> r.evaluation().wouldVerdict().ordinal()).reversed())
                .thenComparing(r -> r.pr().repo().fullName()).thenComparingInt(r -> r.pr().number()));
        String sha = ordered.get(0).headSha();
        for (PullRequestResult r : ordered) {
            if (!Objects.equals(sha, r.headSha())) {
                throw new IllegalArgumentException("pull requests on different commits: " + sha + " and " + r.headSha());
            }
        }
        PullRequestResult decisive = ordered.get(0);
        Verdict verdict = decisive.effectiveVerdict();

        AnnotationCollector annotations = new AnnotationCollector();
        ordered.forEach(annotations::add);
        AnnotationCollector.Collected collected = annotations.collect();
        String url = detailsUrl(decisive.pr());

        MarkdownBudget summary = new MarkdownBudget(CheckRunContent.MAX_OUTPUT_BYTES);
        // Neutral leads only when no pull request blocks: then it is a policy in observe mode, or no policy at all.
        String headline = verdict == Verdict.NEUTRAL ? HeadlineSection.headline(decisive.evaluation()) : HeadlineSection.of(verdict);
        summary.append("## " + headline + "\n\n" + Markdown.count(ordered.size())
                + " open pull requests point at this commit. The check shows the strictest result.\n\n"
                + "| Pull request | Result | Next step |\n|---|---|---|\n");
        for (int i = 0; i < ordered.size(); i++) {
            PullRequestResult r = ordered.get(i);
            StringBuilder row = new StringBuilder("| ").append(Markdown.html(r.pr().key(), 120)).append(" | ")
                    .append(Outcomes.verdictIcon(r.effectiveVerdict())).append(' ')
                    .append(Outcomes.verdictWords(r.effectiveVerdict()));
            if (r.overridden()) {
                row.append(" (overridden by ").append(Markdown.who(r.override().actor())).append(')');
            }
            row.append(" | ").append(Markdown.text(firstStep(r), 200)).append(" |\n");
            if (!summary.append(row.toString())) {
                summary.omit("pull requests " + (i + 1) + "–" + ordered.size() + " of the table");
                break;
            }
        }
        summary.close("\n");
        if (collected.capped()) {
            summary.append(annotationNote(collected) + "\n\n");
        }
        boolean anyDetail = false;
        for (int i = 0; i < ordered.size(); i++) {
            PullRequestResult r = ordered.get(i);
            String scope = r.pr().key() + ": ";
            if (!summary.append("<details" + (i == 0 ? " open" : "") + "><summary><b>" + Markdown.html(r.pr().key(), 120)
                    + "</b> — " + Outcomes.verdictWords(r.effectiveVerdict()) + "</summary>\n\n")) {
                summary.omit(scope + "everything");
                continue;
            }
            new SummaryWriter(null, null).write(r, summary, scope, 3);
            summary.close("\n</details>\n\n");
            anyDetail |= LongDetail.needed(r.evaluation());
        }
        String text = null;
        if (anyDetail) {
            MarkdownBudget detail = new MarkdownBudget(CheckRunContent.MAX_OUTPUT_BYTES);
            for (PullRequestResult r : ordered) {
                if (LongDetail.needed(r.evaluation())) {
                    if (detail.append("## " + Markdown.html(r.pr().key(), 120) + "\n\n")) {
                        LongDetail.write(r, detail, r.pr().key() + ": ", 3);
                    } else {
                        detail.omit(r.pr().key() + ": everything");
                    }
                }
            }
            text = detail.finish(hint(url));
        }
        if (url != null) {
            summary.append("<sub>[Details page](" + url + ")</sub>\n");
        }
        String title = fitTitle(List.of("#" + decisive.pr().number() + ": " + title(decisive),
                Markdown.count(ordered.size()) + " PRs share this commit"));
        return new CheckRunContent(CheckRunText.CHECK_NAME, Conclusions.of(verdict), title,
                summary.finish(hint(url) + (text != null ? " " + CheckRunText.SEE_DETAILS_TEXT : "")), text,
                collected.shown(), actions(verdict), url);
    }

    /** The details page for a pull request under {@code AIGATE_PUBLIC_URL}, or null when that is not set. */
    public String detailsUrl(PullRequestKey pr) {
        if (publicUrl == null) {
            return null;
        }
        return publicUrl + "/pulls/" + pr.repo().owner() + "/" + pr.repo().name() + "/" + pr.number();
    }

    /** The buttons: "Re-evaluate" always, "Override" only while the verdict blocks merging. */
    public static List<Action> actions(Verdict effective) {
        List<Action> out = new ArrayList<>(2);
        out.add(new Action(CheckRunText.ACTION_REEVALUATE_LABEL, CheckRunText.ACTION_REEVALUATE_DESCRIPTION,
                CheckRunText.ACTION_REEVALUATE_ID));
        if (effective.blocks()) {
            out.add(new Action(CheckRunText.ACTION_OVERRIDE_LABEL, CheckRunText.ACTION_OVERRIDE_DESCRIPTION,
                    CheckRunText.ACTION_OVERRIDE_ID));
        }
        return out;
    }

    /** The one-line title: the verdict and the next step. */
    static String title(PullRequestResult r) {
        Evaluation e = r.evaluation();
        List<String> parts = new ArrayList<>();
        if (r.overridden()) {
            parts.add(CheckRunText.TITLE_OVERRIDDEN + r.override().actor());
            parts.add("policy said: " + policyTitle(e));
            return fitTitle(parts);
        }
        return policyTitle(e);
    }

    private static String policyTitle(Evaluation e) {
        List<String> parts = new ArrayList<>();
        if (e.policyState() == Evaluation.PolicyState.NONE) {
            return CheckRunText.TITLE_NO_POLICY;
        }
        if (e.policyState() == Evaluation.PolicyState.INVALID) {
            parts.add(CheckRunText.TITLE_INVALID_POLICY);
            parts.add("fix " + Markdown.plural(e.problems().size(), "problem", "problems"));
            return fitTitle(parts);
        }
        boolean observing = e.observing() && !e.verdict().blocks();
        if (e.policyState() == Evaluation.PolicyState.OVER_BUDGET) {
            if (observing) {
                parts.add(CheckRunText.TITLE_OBSERVING);
            }
            parts.add(CheckRunText.TITLE_OVER_BUDGET);
            parts.add("simplify its patterns");
            return fitTitle(parts);
        }
        if (e.verdict().blocks()) {
            parts.addAll(Steps.nextSteps(e, false));
            if (parts.isEmpty()) {
                parts.add(Outcomes.verdictWords(e.verdict()));
            }
            return fitTitle(parts);
        }
        List<String> would = Steps.wouldSteps(e, false);
        if (observing && e.wouldVerdict().blocks()) {
            // Observe mode: what the gate would have decided, the first step leading ("would block: needs 1 more approval").
            parts.add(CheckRunText.TITLE_OBSERVING);
            parts.add(CheckRunText.TITLE_WOULD_BLOCK + (would.isEmpty() ? Conclusions.of(e.wouldVerdict()) : lower(would.get(0))));
            parts.addAll(would.subList(Math.min(1, would.size()), would.size()));
            return fitTitle(parts);
        }
        if (observing) {
            parts.add(CheckRunText.TITLE_OBSERVING);
            parts.add(CheckRunText.TITLE_WOULD_PASS);
        } else {
            parts.add(CheckRunText.TITLE_PASSED);
        }
        long applied = e.rules().stream().filter(x -> x.applied()).count();
        long satisfied = applied - e.observedBlocking().size();
        parts.add(applied == 0 ? "no rule applies" : Markdown.plural(satisfied, "rule", "rules") + " satisfied");
        if (!would.isEmpty()) {
            parts.add(CheckRunText.TITLE_WOULD_BLOCK + lower(would.get(0)));
        }
        ProvenanceResult p = e.provenance();
        if (p != null) {
            if (p.provenanceClass() == ProvenanceClass.NONE) {
                parts.add(CheckRunText.NO_AI_MARKERS);
            } else {
                parts.add(p.provenanceClass().id() + (p.tools().isEmpty() ? ""
                        : " (" + String.join(", ", new TreeSet<>(p.tools())) + ")"));
            }
        }
        return fitTitle(parts);
    }

    /** "Needs 1 more approval" reads "needs 1 more approval" after "would block: "; "CODEOWNERS …" stays. */
    private static String lower(String step) {
        return step.length() > 1 && Character.isUpperCase(step.charAt(0)) && Character.isLowerCase(step.charAt(1))
                ? Character.toLowerCase(step.charAt(0)) + step.substring(1) : step;
    }

    private static String firstStep(PullRequestResult r) {
        if (r.overridden()) {
            return "overridden: " + Markdown.phrase(r.override().reason());
        }
        List<String> steps = Steps.nextSteps(r.evaluation(), false);
        if (!r.evaluation().verdict().blocks() || steps.isEmpty()) {
            return "—";
        }
        return steps.get(0) + (steps.size() > 1 ? " (+" + (steps.size() - 1) + " more)" : "");
    }

    /** Joins parts with " · " on one line; parts that do not fit become "+N more". */
    static String fitTitle(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String p = SPACE.matcher(parts.get(i)).replaceAll(" ").trim();
            if (p.isEmpty()) {
                continue;
            }
            String sep = b.isEmpty() ? "" : CheckRunText.TITLE_SEPARATOR;
            String more = i + 1 < parts.size() ? CheckRunText.TITLE_SEPARATOR + "+" + (parts.size() - i - 1) + " more" : "";
            if (b.length() + sep.length() + p.length() + more.length() <= CheckRunContent.MAX_TITLE_CHARS) {
                b.append(sep).append(p);
                continue;
            }
            if (b.isEmpty()) {
                String rest = i + 1 < parts.size() ? more : "";
                b.append(Markdown.shortenAtWord(p, CheckRunContent.MAX_TITLE_CHARS - rest.length())).append(rest);
            } else {
                b.append(CheckRunText.TITLE_SEPARATOR).append('+').append(parts.size() - i).append(" more");
            }
            break;
        }
        return b.toString();
    }

    private static String annotationNote(AnnotationCollector.Collected c) {
        if (!c.capped()) {
            return null;
        }
        return "There are " + Markdown.count(c.total()) + " notes on lines of files; the first "
                + Markdown.count(c.shown().size()) + " " + CheckRunText.ANNOTATIONS_CAPPED + ".";
    }

    private String hint(String url) {
        return url == null ? "" : "Everything is on the [details page](" + url + ").";
    }
}
