package dev.aigate.checks;

import dev.aigate.policy.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.aigate.checks.RenderFixtures.COPILOT;
import static dev.aigate.checks.RenderFixtures.pr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Observe mode on the check run: neutral, never an Override button, and a title that says what it would decide. */
class ObserveModeRenderingTest {

    private final CheckRunRenderer renderer = new CheckRunRenderer("https://gate.example.com/");

    private static final String OBSERVED = RenderFixtures.AGENT_NEEDS_ONE.replace("version: 1\n", "version: 1\nmode: observe\n");

    @Test
    void anObservedPolicyThatWouldBlockIsNeutralAndSaysSoInTheTitle() {
        PullRequestResult r = pr().author(COPILOT).policy(OBSERVED).result();
        assertEquals(Verdict.FAILURE, r.evaluation().wouldVerdict());
        CheckRunContent c = renderer.render(r);

        assertEquals("neutral", c.conclusion());
        assertTrue(c.title().startsWith(CheckRunText.TITLE_OBSERVING + " · would block: needs 1 more approval"), c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_OBSERVE_WOULD_BLOCK + "\n\n"
                + CheckRunText.OBSERVE_EXPLAINED + " Enforced, it would conclude **failure**.\n\n"
                + CheckRunText.WOULD_BLOCK + "\n- Needs 1 more approval"), c.summary());
        assertFalse(c.summary().contains(CheckRunText.TO_PASS), c.summary());
        // The observed rule is shown in full, with what it would give.
        assertTrue(c.summary().contains("ai-needs-review — pending (observe mode: would give **failure**)"), c.summary());
        assertEquals(List.of(CheckRunText.ACTION_REEVALUATE_ID),
                c.actions().stream().map(CheckRunContent.Action::identifier).toList(), "nothing to override");
        MarkdownChecks.wellFormed(c.summary());
        assertFalse(c.annotations().isEmpty(), "the unmet requirement is marked on its policy line");
        assertTrue(c.annotations().stream().noneMatch(a -> a.level() == CheckRunContent.Level.FAILURE),
                "an observed rule's notes are warnings or notices, not failures: " + c.annotations());
    }

    @Test
    void pullRequestsSharingAHeadUnderAnObservedPolicyLeadWithWhatItWouldDo() {
        CheckRunContent c = renderer.renderCombined(List.of(pr().author(COPILOT).approvedBy("bob").policy(OBSERVED).result(),
                pr().number(43).author(COPILOT).policy(OBSERVED).result()));
        assertEquals("neutral", c.conclusion());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_OBSERVE_WOULD_BLOCK + "\n\n"), c.summary());
        assertTrue(c.title().startsWith("#43: Observe mode · would block: needs 1 more approval"),
                "the pull request that would block leads: " + c.title());
    }

    @Test
    void anObservedPolicyThatWouldPassSaysSo() {
        CheckRunContent c = renderer.render(pr().author(COPILOT).approvedBy("bob").policy(OBSERVED).result());
        assertEquals("neutral", c.conclusion());
        assertEquals("Observe mode · would pass · 1 rule satisfied · agent (copilot)", c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_OBSERVE_WOULD_PASS + "\n\n"
                + CheckRunText.OBSERVE_EXPLAINED + " Enforced, it would conclude **success**."), c.summary());
        assertFalse(c.summary().contains(CheckRunText.WOULD_BLOCK), c.summary());
    }

    @Test
    void anObservedRuleIsReportedAsWouldBlockWhileTheEnforcedOnesDecide() {
        String yaml = RenderFixtures.AGENT_NEEDS_ONE + """
                  - name: trial-two-reviewers
                    mode: observe
                    require: { approvals: { count: 2 } }
                """;
        CheckRunContent c = renderer.render(pr().author(COPILOT).approvedBy("bob").policy(yaml).result());
        assertEquals("success", c.conclusion());
        assertEquals("Passed · 1 rule satisfied · would block: needs 1 more approval", c.title().substring(0,
                Math.min(c.title().length(), "Passed · 1 rule satisfied · would block: needs 1 more approval".length())), c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_SUCCESS + "\n\n" + CheckRunText.WOULD_BLOCK
                + "\n- Needs 1 more approval"), c.summary());
        assertTrue(c.summary().contains("(rule **trial-two-reviewers**)"), c.summary());
        assertFalse(c.summary().contains(CheckRunText.OBSERVE_EXPLAINED), "the policy itself is enforced");

        CheckRunContent blocked = renderer.render(pr().author(COPILOT).policy(yaml).result());
        assertEquals("failure", blocked.conclusion(), "the enforced rule still blocks");
        assertTrue(blocked.summary().contains(CheckRunText.TO_PASS + "\n- Needs 1 more approval"), blocked.summary());
        assertTrue(blocked.summary().contains(CheckRunText.WOULD_BLOCK + "\n- Needs 2 more approvals"), blocked.summary());
        MarkdownChecks.wellFormed(blocked.summary());
    }
}
