package dev.aigate.checks;

import dev.aigate.checks.CheckRunContent.Action;
import dev.aigate.policy.Evaluation;
import dev.aigate.snapshot.ChangedFile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.aigate.checks.RenderFixtures.COPILOT;
import static dev.aigate.checks.RenderFixtures.HEAD_SHA;
import static dev.aigate.checks.RenderFixtures.POLICY_PATH;
import static dev.aigate.checks.RenderFixtures.key;
import static dev.aigate.checks.RenderFixtures.pr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several open pull requests on one head commit share one check run. */
class CombinedCheckRunTest {

    private final CheckRunRenderer renderer = new CheckRunRenderer("https://gate.example.com");

    @Test
    void theStrictestPullRequestDecidesAndEveryVerdictIsListed() {
        PullRequestResult passing = pr().number(43).author(COPILOT).approvedBy("bob").result();
        PullRequestResult failing = pr().number(42).author(COPILOT).result();
        String actionRequired = RenderFixtures.AGENT_NEEDS_ONE.replace("conclusion: failure", "conclusion: action_required");
        PullRequestResult needsAction = pr().number(44).author(COPILOT).policy(actionRequired).result();

        CheckRunContent c = renderer.renderCombined(List.of(passing, needsAction, failing));

        assertEquals("failure", c.conclusion());
        String step = RenderFixtures.step(failing.evaluation());
        assertEquals("#42: " + step + " · 3 PRs share this commit", c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_FAILURE + "\n\n3 open pull requests point at this commit."),
                c.summary());
        assertTrue(c.summary().contains("| acme/app#42 | ❌ failure | " + Markdown.text(step) + " |"), c.summary());
        assertTrue(c.summary().contains("| acme/app#44 | ⚠️ action required | " + Markdown.text(step) + " |"), c.summary());
        assertTrue(c.summary().contains("| acme/app#43 | ✅ success | — |"), c.summary());
        // Strictest first, each with its own full section; the decisive one is open.
        int i42 = c.summary().indexOf("<details open><summary><b>acme/app#42</b> — failure</summary>");
        int i44 = c.summary().indexOf("<summary><b>acme/app#44</b> — action required</summary>");
        int i43 = c.summary().indexOf("<summary><b>acme/app#43</b> — success</summary>");
        assertTrue(i42 >= 0 && i42 < i44 && i44 < i43, c.summary());
        assertEquals("https://gate.example.com/pulls/acme/app/42", c.detailsUrl());
        assertEquals(List.of(CheckRunText.ACTION_REEVALUATE_ID, CheckRunText.ACTION_OVERRIDE_ID),
                c.actions().stream().map(Action::identifier).toList());
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void inputOrderDoesNotMatter() {
        PullRequestResult a = pr().number(42).author(COPILOT).result();
        PullRequestResult b = pr().number(43).author(COPILOT).approvedBy("bob").result();
        assertEquals(renderer.renderCombined(List.of(a, b)), renderer.renderCombined(List.of(b, a)));
    }

    @Test
    void hundredsOfPullRequestsOnOneCommitStillFit() {
        List<PullRequestResult> many = new java.util.ArrayList<>();
        for (int n = 1; n <= 600; n++) {
            many.add(PullRequestResult.of(key(n), HEAD_SHA, pr().number(n).author(COPILOT).evaluate(), POLICY_PATH));
        }
        CheckRunContent c = renderer.renderCombined(many);
        assertEquals("failure", c.conclusion());
        assertTrue(Utf8.length(c.summary()) <= CheckRunContent.MAX_OUTPUT_BYTES);
        assertTrue(c.summary().contains("| acme/app#1 | ❌ failure |"), c.summary());
        assertTrue(c.summary().contains("| acme/app#600 | ❌ failure |"), "the whole table fits");
        String notice = c.summary().substring(c.summary().indexOf(CheckRunText.TRUNCATION_NOTICE));
        assertTrue(notice.matches("(?s).*Left out: acme/app#\\d+: .*; and \\d+ more\\..*"), notice);
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void allPassingGivesSuccess() {
        CheckRunContent c = renderer.renderCombined(List.of(pr().number(42).result(),
                pr().number(43).author(COPILOT).approvedBy("bob").result()));
        assertEquals("success", c.conclusion());
        assertEquals(List.of(CheckRunText.ACTION_REEVALUATE_ID), c.actions().stream().map(Action::identifier).toList());
    }

    @Test
    void anOverriddenPullRequestCountsAsPassing() {
        PullRequestResult overridden = pr().number(42).author(COPILOT).result()
                .withOverride(RenderFixtures.override("carol", "release blocker"));
        PullRequestResult passing = pr().number(43).result();
        CheckRunContent c = renderer.renderCombined(List.of(overridden, passing));
        assertEquals("success", c.conclusion());
        assertTrue(c.summary().contains("| acme/app#42 | ✅ success (overridden by @carol) | overridden: release blocker |"),
                c.summary());
    }

    @Test
    void oneResultRendersLikeASinglePullRequest() {
        PullRequestResult only = pr().author(COPILOT).result();
        assertEquals(renderer.render(only), renderer.renderCombined(List.of(only)));
        assertThrows(IllegalArgumentException.class, () -> renderer.renderCombined(List.of()));
        PullRequestResult elsewhere = new PullRequestResult(key(43), "0".repeat(40), only.evaluation(), POLICY_PATH, null);
        assertThrows(IllegalArgumentException.class, () -> renderer.renderCombined(List.of(only, elsewhere)));
    }

    @Test
    void annotationsAreMergedWithoutDuplicatesAndTheWholeStaysWithinTheLimit() {
        // 3,000 file notes shared by five pull requests, plus one unmet requirement on the policy line: 3,001 distinct.
        List<String> paths = RenderFixtures.sourceFiles(3_000).stream().map(ChangedFile::filename).toList();
        List<PullRequestResult> stack = new java.util.ArrayList<>();
        for (int n = 50; n < 55; n++) {
            RenderFixtures.Pr p = pr().number(n).author(COPILOT).files(RenderFixtures.sourceFiles(3_000), 3_000)
                    .commits(RenderFixtures.trailerCommits(250), false);
            Evaluation e = RenderFixtures.withMissingTests(p.evaluate(), paths);
            stack.add(PullRequestResult.of(key(n), HEAD_SHA, e, POLICY_PATH));
        }
        CheckRunContent c = renderer.renderCombined(stack);
        assertEquals(AnnotationCollector.MAX_ANNOTATIONS, c.annotations().size());
        assertEquals(c.annotations().size(), c.annotations().stream().distinct().count());
        assertTrue(Utf8.length(c.summary()) <= CheckRunContent.MAX_OUTPUT_BYTES);
        assertTrue(Utf8.length(c.text()) <= CheckRunContent.MAX_OUTPUT_BYTES);
        assertTrue(c.summary().contains("There are 3,001 notes on lines of files; the first 500 " + CheckRunText.ANNOTATIONS_CAPPED),
                c.summary());
        for (int n = 50; n < 55; n++) {
            assertTrue(c.summary().contains("| acme/app#" + n + " | ❌ failure |"), "every PR is in the table");
        }
        assertTrue(c.text().contains(CheckRunText.TRUNCATION_NOTICE));
        MarkdownChecks.wellFormed(c.summary());
        MarkdownChecks.wellFormed(c.text());
    }
}
