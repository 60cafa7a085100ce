package dev.aigate.checks;

import dev.aigate.checks.CheckRunContent.Action;
import dev.aigate.checks.CheckRunContent.Annotation;
import dev.aigate.checks.CheckRunContent.Level;
import dev.aigate.policy.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static dev.aigate.checks.RenderFixtures.COPILOT;
import static dev.aigate.checks.RenderFixtures.HEAD_SHA;
import static dev.aigate.checks.RenderFixtures.POLICY_PATH;
import static dev.aigate.checks.RenderFixtures.commit;
import static dev.aigate.checks.RenderFixtures.key;
import static dev.aigate.checks.RenderFixtures.pr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckRunRendererTest {

    private final CheckRunRenderer renderer = new CheckRunRenderer("https://gate.example.com/");

    @Test
    void agentPullRequestWithoutApprovalLeadsWithVerdictAndNextStep() {
        PullRequestResult r = pr().author(COPILOT).result();
        String step = RenderFixtures.step(r.evaluation());
        CheckRunContent c = renderer.render(r);

        assertEquals(CheckRunText.CHECK_NAME, c.name());
        assertEquals("failure", c.conclusion());
        assertTrue(step.startsWith("Needs 1 more approval"), step);
        assertEquals(step, c.title(), "the title is the evaluator's next step");
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_FAILURE + "\n\n" + CheckRunText.TO_PASS
                + "\n- " + Markdown.text(step) + " (rule **ai-needs-review**)"), c.summary());
        assertTrue(c.summary().contains("* **Provenance:** **agent**"), c.summary());
        assertTrue(c.summary().contains("* **Size:** **small** — 12 changed lines in 1 file"), c.summary());
        assertTrue(c.summary().contains("Applies because " + Markdown.text(Markdown.phrase(
                RenderFixtures.rule(r.evaluation(), 0).why())) + "."), c.summary());
        assertTrue(c.summary().contains("  - **To satisfy:** " + Markdown.text(RenderFixtures.steps(r.evaluation()).get(0))),
                c.summary());
        // One platform-attested signal: shown as an open table, not folded.
        dev.aigate.provenance.Evidence author = r.evaluation().provenance().evidence().get(0);
        assertEquals(dev.aigate.provenance.Tier.T0, author.tier());
        assertTrue(c.summary().contains("| `" + author.signalId() + "` | T0 | " + Markdown.text(author.location()) + " | "
                + Markdown.text(author.matchedText()) + " | no |"), c.summary());
        assertFalse(c.summary().contains("signals found</summary>"), c.summary());
        assertTrue(c.summary().contains("Evaluated at `3f2a9c1`"));
        assertNull(c.text());
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void buttonsAreReevaluateAndOverrideWhileBlocked() {
        CheckRunContent c = renderer.render(pr().author(COPILOT).result());
        assertEquals(List.of(CheckRunText.ACTION_REEVALUATE_ID, CheckRunText.ACTION_OVERRIDE_ID),
                c.actions().stream().map(Action::identifier).toList());
        for (Action a : c.actions()) {
            assertTrue(a.label().length() <= 20 && a.description().length() <= 40 && a.identifier().length() <= 20);
        }
    }

    @Test
    void approvedAgentPullRequestPassesQuietly() {
        CheckRunContent c = renderer.render(pr().author(COPILOT).approvedBy("bob").result());

        assertEquals("success", c.conclusion());
        assertEquals("Passed · 1 rule satisfied · agent (copilot)", c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_SUCCESS + "\n\n* **Provenance:**"), c.summary());
        assertFalse(c.summary().contains(CheckRunText.TO_PASS));
        // Passing detail is folded away.
        assertTrue(c.summary().contains("<details><summary>1 rule satisfied</summary>"), c.summary());
        assertTrue(c.summary().contains("<details><summary>1 signal found</summary>"), c.summary());
        assertTrue(c.summary().contains("  - Counted: @bob"), c.summary());
        assertEquals(List.of(CheckRunText.ACTION_REEVALUATE_ID), c.actions().stream().map(Action::identifier).toList());
        assertTrue(c.annotations().isEmpty());
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void authorsOwnApprovalIsShownAsExcludedWithTheReason() {
        // claude[bot] opened it via a trailer-marked commit; alice is the author and approves her own PR.
        PullRequestResult r = pr()
                .commits(List.of(commit(1, "Add it\n\nCo-Authored-By: Claude <noreply@anthropic.com>")), false)
                .approvedBy("alice").result();
        CheckRunContent c = renderer.render(r);
        var exclusion = RenderFixtures.rule(r.evaluation(), 0).requirements().get(0).excluded().get(0);

        assertEquals("failure", c.conclusion());
        assertTrue(c.summary().contains("* **Provenance:** **assisted**"), c.summary());
        assertTrue(c.summary().contains("tools: claude"), c.summary());
        assertTrue(c.summary().contains("100% of commits carry a strong AI marker"), c.summary());
        assertEquals("alice", exclusion.who());
        assertTrue(c.summary().contains("  - Not counted: @alice (" + Markdown.text(ExclusionText.reason(exclusion)) + ")"), c.summary());
        assertTrue(c.summary().contains("| yes |"), "a trailer is forgeable: " + c.summary());
    }

    @Test
    void pullRequestWithoutMarkersSaysSoAndNeverCallsItHuman() {
        PullRequestResult r = pr().result();
        CheckRunContent c = renderer.render(r);

        assertEquals("success", c.conclusion());
        assertEquals("Passed · no rule applies · " + CheckRunText.NO_AI_MARKERS, c.title());
        assertTrue(c.summary().contains("**none** — " + CheckRunText.NO_AI_MARKERS), c.summary());
        assertTrue(c.summary().contains(CheckRunText.NO_AI_MARKERS_SENTENCE), c.summary());
        assertTrue(c.summary().contains("<details><summary>1 rule skipped</summary>"), c.summary());
        assertTrue(c.summary().contains("- **ai-needs-review** — skipped: "
                + Markdown.text(Markdown.phrase(RenderFixtures.rule(r.evaluation(), 0).why()))), c.summary());
        assertFalse((c.title() + c.summary()).toLowerCase(Locale.ROOT).contains("human"), c.summary());
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void noPolicyIsNeutralWithNothingToOverride() {
        PullRequestResult r = pr().policy(null).result();
        CheckRunContent c = renderer.render(r);

        assertEquals("neutral", c.conclusion());
        assertEquals(CheckRunText.TITLE_NO_POLICY, c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_NEUTRAL), c.summary());
        for (String note : r.evaluation().notes()) {
            assertTrue(c.summary().contains(Markdown.text(note, 1000)), c.summary());
        }
        assertEquals(List.of(CheckRunText.ACTION_REEVALUATE_ID), c.actions().stream().map(Action::identifier).toList());
    }

    @Test
    void invalidPolicyFailsClosedAndAnnotatesThePolicyLines() {
        String yaml = """
                version: 1
                rules:
                  - name: x
                    if: { provenance: [robots] }
                    colour: blue
                """;
        PullRequestResult r = pr().policy(yaml).result();
        List<dev.aigate.policy.PolicyProblem> problems = r.evaluation().problems();
        CheckRunContent c = renderer.render(r);

        assertEquals("failure", c.conclusion());
        assertTrue(problems.size() >= 2, problems.toString());
        assertEquals(CheckRunText.TITLE_INVALID_POLICY + " · fix " + problems.size() + " problems", c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_INVALID_POLICY), c.summary());
        assertTrue(c.summary().contains("### " + CheckRunText.SECTION_PROBLEMS), c.summary());
        var robots = problems.stream().filter(p -> p.message().contains("robots")).findFirst().orElseThrow();
        assertEquals(4, robots.line());
        assertTrue(c.summary().contains("| `.github/ai-gate.yml:4:" + robots.column() + "` | " + Markdown.text(robots.message(), 500)
                + " |"), c.summary());
        assertEquals(problems.size(), c.annotations().size());
        for (Annotation a : c.annotations()) {
            assertEquals(POLICY_PATH, a.path());
            assertEquals(Level.FAILURE, a.level());
        }
        List<Integer> lines = c.annotations().stream().map(Annotation::startLine).toList();
        assertEquals(lines.stream().sorted().toList(), lines, "in file order");
        assertTrue(c.annotations().stream().anyMatch(a -> a.startLine() == 4 && a.message().contains("robots")
                && a.message().contains("column " + robots.column())), c.annotations().toString());
        assertTrue(lines.contains(5), "the unknown key on line 5");
        assertTrue(c.actions().stream().anyMatch(a -> a.identifier().equals(CheckRunText.ACTION_OVERRIDE_ID)));
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void aPolicyOverItsBudgetFailsClosedSayingWhatToSimplify() {
        var exceeded = new dev.aigate.policy.EvaluationBudget.Exceeded(5000, 1_000_000_000L, 5003, 812_345_678L, "big *globs*");
        Evaluation e = new Evaluation(dev.aigate.policy.Verdict.FAILURE, Evaluation.PolicyState.OVER_BUDGET,
                "acme/app:.github/ai-gate.yml@main", null, null, List.of(), List.of(), List.of(), null, exceeded);
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, e, POLICY_PATH));

        assertEquals("failure", c.conclusion());
        assertEquals(CheckRunText.TITLE_OVER_BUDGET + " · simplify its patterns", c.title());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_OVER_BUDGET), c.summary());
        String step = CheckRunText.overBudget(exceeded);
        assertTrue(step.startsWith("The evaluation exceeded its budget (5000 ms / 1000000000 steps) in rule big *globs*,"
                + " after 5003 ms and 812345678 steps, so the gate fails closed. Simplify the policy's patterns"), step);
        assertTrue(c.summary().contains("- " + Markdown.text(step, 600)), c.summary());
        assertTrue(!c.summary().contains("*globs*"), "the policy's rule name is escaped: " + c.summary());
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void policyFromElsewhereGivesNoLineAnnotations() {
        RenderFixtures.Pr p = pr().policy("version: 1\nrules: 3\n");
        PullRequestResult r = PullRequestResult.of(key(42), HEAD_SHA, p.evaluate(), null);
        CheckRunContent c = renderer.render(r);
        assertEquals("failure", c.conclusion());
        assertTrue(c.annotations().isEmpty());
        assertTrue(c.summary().contains(Markdown.text(p.evaluate().problems().get(0).message(), 500)), c.summary());
    }

    @Test
    void detailsUrlSitsUnderThePublicUrl() {
        CheckRunContent c = renderer.render(pr().number(7).result());
        assertEquals("https://gate.example.com/pulls/acme/app/7", c.detailsUrl());
        assertTrue(c.summary().contains("[Details page](https://gate.example.com/pulls/acme/app/7)"));

        CheckRunContent none = new CheckRunRenderer(null).render(pr().number(7).result());
        assertNull(none.detailsUrl());
        assertFalse(none.summary().contains("Details page"));
        assertNull(new CheckRunRenderer("  ").detailsUrl(key(7)));
    }

    @Test
    void untrustedMatchedTextCannotBreakTheTableOrInjectMarkup() {
        String trailer = "Co-Authored-By: Cl|au*de <img src=x> [x](http://evil) `code` <noreply@anthropic.com>";
        CheckRunContent c = renderer.render(pr().commits(List.of(commit(1, "x\n\n" + trailer)), false).result());

        String row = c.summary().lines().filter(l -> l.startsWith("| `") && l.contains("Co-Authored-By")).findFirst()
                .orElseThrow(() -> new AssertionError(c.summary()));
        assertEquals(5, MarkdownChecks.cells(row), row);
        assertFalse(row.contains("<img"), row);
        assertTrue(row.contains("\\[x\\](http:" + Markdown.WORD_JOINER + "//evil)"), "the link is escaped: " + row);
        assertTrue(row.contains("Cl\\|au\\*de &lt;img src=x&gt;"), row);
    }

    @Test
    void fileNotesBecomeAnnotationsAndAFoldedList() {
        Evaluation e = RenderFixtures.withMissingTests(pr().author(COPILOT).evaluate(),
                List.of("src/main/A.java", "src/main/B.java", "src/main/C.java"));
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, e, POLICY_PATH));

        assertEquals("failure", c.conclusion());
        assertEquals(CheckRunRenderer.fitTitle(List.of(RenderFixtures.step(e),
                Markdown.phrase("Add or update tests under [src/test/**] in this pull request."))), c.title());
        // Three changed files without tests, plus the unmet approval on the policy line that asks for it.
        List<Annotation> onFiles = c.annotations().stream().filter(x -> !x.path().equals(POLICY_PATH)).toList();
        assertEquals(3, onFiles.size());
        assertEquals(1, c.annotations().stream().filter(x -> x.path().equals(POLICY_PATH)).count(), c.annotations().toString());
        Annotation a = onFiles.get(0);
        assertEquals("src/main/A.java", a.path());
        assertEquals(1, a.startLine());
        assertEquals(Level.FAILURE, a.level());
        assertEquals("ai-needs-review: tests", a.title());
        assertTrue(c.summary().contains("<details><summary>tests: 3 files</summary>"), c.summary());
        // Every note concerns a whole file (line 1): no Line column full of 1s.
        assertTrue(c.summary().contains("| File | Note |\n|---|---|\n"), c.summary());
        assertTrue(c.summary().contains("| `src/main/B.java` | " + Markdown.text("changed without a matching test change (expected under [src/test/**])") + " |"),
                c.summary());
        // The pending approval points at the rule in the policy file, which is not in the diff: a notice only.
        Annotation onPolicy = c.annotations().stream().filter(x -> x.path().equals(POLICY_PATH)).findFirst().orElseThrow();
        assertEquals(Level.NOTICE, onPolicy.level(), onPolicy.toString());
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void waitingForAnOwnerIsAWarningOnTheFileNotAFailure() {
        Evaluation e = RenderFixtures.withPendingOwners(pr().author(COPILOT).evaluate(), List.of("src/main/Tax.java"));
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, e, POLICY_PATH));
        assertEquals("failure", c.conclusion());
        Annotation onFile = c.annotations().stream().filter(x -> x.path().equals("src/main/Tax.java")).findFirst().orElseThrow();
        assertEquals(Level.WARNING, onFile.level(), onFile.toString());
        assertTrue(c.annotations().stream().noneMatch(x -> x.level() == Level.FAILURE), c.annotations().toString());
    }

    @Test
    void annotationsAreCappedWithANote() {
        List<String> paths = RenderFixtures.sourceFiles(AnnotationCollector.MAX_ANNOTATIONS + 20).stream()
                .map(f -> f.filename()).toList();
        Evaluation e = RenderFixtures.withMissingTests(pr().author(COPILOT).evaluate(), paths);
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, e, POLICY_PATH));

        assertEquals(AnnotationCollector.MAX_ANNOTATIONS, c.annotations().size());
        assertTrue(c.summary().contains("There are 521 notes on lines of files; the first 500 " + CheckRunText.ANNOTATIONS_CAPPED + "."),
                c.summary());
        // The summary lists the first few; the long detail lists them all.
        assertTrue(c.summary().contains("…and 500 more in the details below."), c.summary());
        assertTrue(c.text().contains("## " + CheckRunText.SECTION_FILES), c.text());
        assertTrue(c.text().contains("Component519.java"), "the last file is in the long detail");
    }

    @Test
    void overrideTurnsABlockingVerdictIntoSuccessWithABanner() {
        PullRequestResult r = pr().author(COPILOT).result()
                .withOverride(RenderFixtures.override("carol", "Hotfix for the outage, reviewed on a call"));
        CheckRunContent c = renderer.render(r);

        assertEquals("success", c.conclusion());
        assertEquals(CheckRunText.TITLE_OVERRIDDEN + "carol · policy said: " + RenderFixtures.step(r.evaluation()), c.title());
        assertTrue(c.summary().startsWith("> ✅ " + CheckRunText.OVERRIDE_BANNER + " by @carol on 2026-11-21 09:30 UTC: "
                + "“Hotfix for the outage, reviewed on a call”\n> " + CheckRunText.OVERRIDE_PASSES + "**failure**.\n\n"
                + "## " + CheckRunText.HEADLINE_OVERRIDDEN + "❌ failure\n\n" + CheckRunText.UNMET_UNDER_OVERRIDE), c.summary());
        assertFalse(c.summary().contains(CheckRunText.HEADLINE_FAILURE), c.summary());
        assertEquals(List.of(CheckRunText.ACTION_REEVALUATE_ID), c.actions().stream().map(Action::identifier).toList());
    }

    @Test
    void overrideOfAPassingVerdictIsOnlyMentioned() {
        PullRequestResult r = pr().author(COPILOT).approvedBy("bob").result()
                .withOverride(RenderFixtures.override("carol", "just in case"));
        CheckRunContent c = renderer.render(r);
        assertEquals("success", c.conclusion());
        assertFalse(c.summary().contains(CheckRunText.OVERRIDE_BANNER));
        assertTrue(c.summary().contains(CheckRunText.OVERRIDE_NOT_NEEDED));
    }

    @Test
    void unmetRulesComeFirstAndSatisfiedOnesFold() {
        String yaml = """
                version: 1
                rules:
                  - name: one-approval
                    if: { provenance: [agent] }
                    require: { approvals: { count: 1 } }
                  - name: two-approvals
                    if: { provenance: [agent] }
                    require: { approvals: { count: 2 } }
                """;
        CheckRunContent c = renderer.render(pr().author(COPILOT).policy(yaml).approvedBy("bob").result());
        String s = c.summary();
        int unmet = s.indexOf("#### ⏳ two-approvals");
        int fold = s.indexOf("<details><summary>1 rule satisfied</summary>");
        int met = s.indexOf("#### ✅ one-approval");
        assertTrue(unmet > 0 && unmet < fold && fold < met, s);
        MarkdownChecks.wellFormed(s);
    }

    @Test
    void actionRequiredRuleGivesActionRequired() {
        String yaml = RenderFixtures.AGENT_NEEDS_ONE.replace("conclusion: failure", "conclusion: action_required");
        CheckRunContent c = renderer.render(pr().author(COPILOT).policy(yaml).result());
        assertEquals("action_required", c.conclusion());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_ACTION_REQUIRED), c.summary());
        assertTrue(c.summary().contains("pending (gives **action required**)"), c.summary());
        assertFalse(c.summary().contains("action_required"), "the API's word is for machines: " + c.summary());
    }

    @Test
    void manyUnmetRulesStillGiveAOneLineTitle() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("  - name: rule-").append(i).append("\n    require: { approvals: { count: ").append(i + 1)
                    .append(" } }\n");
        }
        PullRequestResult r = pr().policy(yaml.toString()).result();
        CheckRunContent c = renderer.render(r);
        assertEquals(30, RenderFixtures.steps(r.evaluation()).size());
        assertTrue(c.title().length() <= CheckRunContent.MAX_TITLE_CHARS, c.title());
        assertTrue(c.title().startsWith(RenderFixtures.step(r.evaluation()) + " · "), c.title());
        assertTrue(c.title().matches(".* · \\+\\d+ more"), c.title());
    }
}
