package dev.aigate.checks;

/**
 * The fixed wording of the check run. Tests, docs and the button handler refer to these names.
 */
public final class CheckRunText {

    private CheckRunText() {
    }

    /** The check run's name: a contract, never changed. */
    public static final String CHECK_NAME = "ai-gate";

    // Buttons. The identifiers come back in check_run.requested_action.
    public static final String ACTION_REEVALUATE_ID = "reevaluate";
    public static final String ACTION_REEVALUATE_LABEL = "Re-evaluate";
    public static final String ACTION_REEVALUATE_DESCRIPTION = "Run the ai-gate policy again";
    public static final String ACTION_OVERRIDE_ID = "override";
    public static final String ACTION_OVERRIDE_LABEL = "Override";
    public static final String ACTION_OVERRIDE_DESCRIPTION = "Pass this check (admin or maintain only)";

    // Headlines, by verdict.
    public static final String HEADLINE_SUCCESS = "✅ ai-gate passed";
    public static final String HEADLINE_FAILURE = "❌ ai-gate blocks this pull request";
    public static final String HEADLINE_ACTION_REQUIRED = "⚠️ ai-gate needs action before merging";
    public static final String HEADLINE_NEUTRAL = "ai-gate has nothing to check";
    public static final String HEADLINE_INVALID_POLICY = "❌ The ai-gate policy did not load";
    public static final String HEADLINE_OVER_BUDGET = "❌ The ai-gate policy cost too much to evaluate";
    /** Headline over the policy's findings when an override made the check pass. */
    public static final String HEADLINE_OVERRIDDEN = "The policy's own verdict: ";
    public static final String UNMET_UNDER_OVERRIDE = "**Unmet, and overridden:**";
    public static final String TO_PASS = "**To pass:**";
    /** Headlines of a policy in observe mode: the check is neutral and says what enforcing would decide. */
    public static final String HEADLINE_OBSERVE_WOULD_BLOCK = "👀 Observe mode: ai-gate would block this pull request";
    public static final String HEADLINE_OBSERVE_WOULD_PASS = "👀 Observe mode: ai-gate would pass this pull request";
    public static final String OBSERVE_EXPLAINED = "The policy runs in observe mode, so this check is neutral and never"
            + " blocks merging; it shows what enforcing the policy would decide. Set `mode: enforce` in the policy to enforce it.";
    /** Over the unmet requirements of observed rules. */
    public static final String WOULD_BLOCK = "**Would block (observed, not enforced):**";

    // Titles.
    public static final String TITLE_PASSED = "Passed";
    public static final String TITLE_NO_POLICY = "No ai-gate policy · nothing to check";
    public static final String TITLE_INVALID_POLICY = "Policy did not load";
    public static final String TITLE_OVER_BUDGET = "Policy exceeded its evaluation budget";
    public static final String TITLE_OVERRIDDEN = "Overridden by @";
    public static final String TITLE_SEPARATOR = " · ";
    public static final String TITLE_OBSERVING = "Observe mode";
    public static final String TITLE_WOULD_BLOCK = "would block: ";
    public static final String TITLE_WOULD_PASS = "would pass";

    // Provenance wording. NONE means no markers were found, never that a person wrote the change.
    public static final String NO_AI_MARKERS = "no AI markers";
    public static final String NO_AI_MARKERS_SENTENCE = "No AI markers were found in the author, commits, body, labels or branch.";
    public static final String FORGEABLE_LEGEND =
            "*Forgeable* signals are ones the pull request's author could have written themselves; "
                    + "the strongest evidence decides the class.";

    // Section headings.
    public static final String SECTION_RULES = "Rules";
    public static final String SECTION_PROVENANCE = "Provenance";
    public static final String SECTION_PROBLEMS = "Policy problems";
    public static final String SECTION_NOTES = "Notes";
    public static final String SECTION_FILES = "Files needing attention";
    public static final String SECTION_ALL_EVIDENCE = "All evidence";
    public static final String SECTION_PULL_REQUESTS = "Pull requests on this commit";

    // Overrides.
    public static final String OVERRIDE_BANNER = "**Overridden**";
    public static final String OVERRIDE_PASSES = "The check passes. Below is what the policy found; without the override it gives ";
    public static final String OVERRIDE_NOT_NEEDED = "An override is on record but not needed: the policy passes on its own.";

    // Limits.
    public static final String TRUNCATION_NOTICE = "Output shortened";
    public static final String ANNOTATIONS_CAPPED = "are shown as annotations";
    public static final String SEE_DETAILS_TEXT = "The complete lists are in the details below the summary.";

    /**
     * The next step when the rules ran out of budget ({@link dev.aigate.policy.Evaluation.PolicyState#OVER_BUDGET}).
     * The rule name is the policy's text: the caller escapes the result for markdown.
     */
    public static String overBudget(dev.aigate.policy.EvaluationBudget.Exceeded x) {
        return "The evaluation exceeded its budget (" + x.limitMillis() + " ms / " + x.limitSteps() + " steps)"
                + (x.rule() == null ? "" : " in rule " + x.rule()) + ", after " + x.spentMillis() + " ms and "
                + x.spentSteps() + " steps, so the gate fails closed. Simplify the policy's patterns: fewer or simpler"
                + " globs and regular expressions, or conditions that skip the rule sooner.";
    }
}
