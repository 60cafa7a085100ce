package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.Verdict;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The headline: the verdict in words, and above it the banner of an override in force.
 */
final class HeadlineSection implements SummarySection {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public void write(SummaryScope sc) {
        PullRequestResult r = sc.result();
        Evaluation e = r.evaluation();
        MarkdownBudget md = sc.md();
        String h = sc.h();

        if (r.overridden()) {
            GateOverride o = r.override();
            String reason = o.reason().isBlank() ? "no reason given" : "“" + Markdown.text(o.reason(), 500) + "”";
            md.append("> ✅ " + CheckRunText.OVERRIDE_BANNER + " by " + Markdown.who(o.actor()) + " on "
                    + WHEN.format(o.at()) + ": " + reason + "\n> " + CheckRunText.OVERRIDE_PASSES + "**"
                    + Outcomes.verdictWords(e.verdict()) + "**.\n\n");
            md.append(h + " " + CheckRunText.HEADLINE_OVERRIDDEN + Outcomes.verdictIcon(e.verdict()) + " " + Outcomes.verdictWords(e.verdict())
                    + "\n\n");
        } else {
            md.append(h + " " + headline(e) + "\n\n");
        }
    }

    static String headline(Evaluation e) {
        if (e.policyState() == Evaluation.PolicyState.INVALID) {
            return CheckRunText.HEADLINE_INVALID_POLICY;
        }
        if (e.policyState() == Evaluation.PolicyState.OVER_BUDGET) {
            return CheckRunText.HEADLINE_OVER_BUDGET;
        }
        if (e.observing() && !e.verdict().blocks()) {
            return e.wouldVerdict().blocks() ? CheckRunText.HEADLINE_OBSERVE_WOULD_BLOCK
                    : CheckRunText.HEADLINE_OBSERVE_WOULD_PASS;
        }
        return of(e.verdict());
    }

    /** The headline of a verdict, when nothing else (an invalid policy, observe mode) leads. */
    static String of(Verdict v) {
        return switch (v) {
            case SUCCESS -> CheckRunText.HEADLINE_SUCCESS;
            case FAILURE -> CheckRunText.HEADLINE_FAILURE;
            case ACTION_REQUIRED -> CheckRunText.HEADLINE_ACTION_REQUIRED;
            default -> CheckRunText.HEADLINE_NEUTRAL;
        };
    }
}
