package dev.aigate.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.aigate.policy.PolicyTesting.evaluate;
import static dev.aigate.policy.PolicyTesting.requirement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test (at least) per requirement, including the cases the policy language exists for. */
class RequirementsTest {

    private static String policy(String require) {
        return "version: 1\nrules:\n  - name: r\n    require: " + require + "\n";
    }

    private static RequirementResult only(String require, Prs pr) {
        Evaluation e = evaluate(policy(require), pr);
        assertEquals(1, e.rules().get(0).requirements().size());
        return e.rules().get(0).requirements().get(0);
    }

    // ------------------------------------------------------------ approvals

    @Test
    void approvalsCountAnyoneButTheAuthorByDefault() {
        Prs pr = new Prs().file("a").approve("alice").approve("bob");
        RequirementResult r = only("{ approvals: { count: 1 } }", pr);
        assertEquals(Status.SATISFIED, r.status());
        assertEquals(List.of("bob"), r.counted());
        assertEquals(List.of(new RequirementResult.Exclusion("alice", new RequirementResult.Exclusion.Author())), r.excluded());
    }

    @Test
    void missingApprovalsArePendingWithHowToSatisfy() {
        Evaluation e = evaluate(policy("{ approvals: { count: 2, from: { teams: [acme/backend] }, current_head_only: true } }"),
                new Prs().file("a").team("acme/backend", "bob").approve("bob"));
        RequirementResult r = requirement(e, "approvals");
        assertEquals(Status.PENDING, r.status());
        assertEquals(new RequirementFacts.Approvals(2, List.of("bob"), List.of(), List.of("acme/backend"), null,
                List.of(Requirement.Exclude.AUTHOR), Requirement.Invalidation.PUSH, Prs.HEAD, null), r.facts());
        assertEquals(1, ((RequirementFacts.Approvals) r.facts()).missing());
        assertEquals(Verdict.FAILURE, e.verdict());
    }

    @Test
    void coAuthorApprovalDoesNotCount() {
        Prs pr = new Prs().file("src/A.java")
                .commit("c0ffee1", Prs.bot("Copilot"), "Refactor\n\nCo-authored-by: carol <12345+carol@users.noreply.github.com>")
                .approve("carol").approve("dave");
        RequirementResult r = only("{ approvals: { count: 2, exclude: [author, committers, co_authors, bots] } }", pr);
        assertEquals(Status.PENDING, r.status());
        assertEquals(List.of("dave"), r.counted());
        assertEquals(List.of(new RequirementResult.Exclusion("carol", new RequirementResult.Exclusion.CoAuthor("c0ffee1"))), r.excluded());
    }

    @Test
    void committerAndBotApprovalsDoNotCount() {
        Prs pr = new Prs().file("a")
                .commit("bead123", Prs.user("erin"), "change")
                .approve("erin").approve("helper[bot]").approve("dave");
        RequirementResult r = only("{ approvals: { count: 1, exclude: [committers, bots] } }", pr);
        assertEquals(Status.SATISFIED, r.status());
        assertEquals(List.of("dave"), r.counted());
        assertEquals(new RequirementResult.Exclusion.Committer("bead123"), r.excluded().get(0).why());
        assertEquals(new RequirementResult.Exclusion.Bot(), r.excluded().get(1).why());
    }

    @Test
    void staleApprovalAfterAPushDoesNotCount() {
        Prs pr = new Prs().file("a").review("bob", "APPROVED", Prs.OLD);
        RequirementResult r = only("{ approvals: { count: 1, current_head_only: true } }", pr);
        assertEquals(Status.PENDING, r.status());
        assertTrue(r.counted().isEmpty());
        assertEquals(new RequirementResult.Exclusion.BeforePush(Prs.OLD, Prs.HEAD), r.excluded().get(0).why());
        // without current_head_only the same approval counts
        assertEquals(Status.SATISFIED, only("{ approvals: { count: 1 } }", pr).status());
    }

    @Test
    void teamApprovalFromAUserOutsideTheTeamDoesNotCount() {
        Prs pr = new Prs().file("a").team("acme/security", "sam").approve("mallory");
        RequirementResult r = only("{ approvals: { count: 1, from: { teams: [acme/security] } } }", pr);
        assertEquals(Status.PENDING, r.status());
        assertEquals(new RequirementResult.Exclusion("mallory", new RequirementResult.Exclusion.NotFrom(false, List.of("acme/security"), false, null, null)), r.excluded().get(0));
        pr.approve("sam");
        assertEquals(List.of("sam"), only("{ approvals: { count: 1, from: { teams: [acme/security] } } }", pr).counted());
    }

    @Test
    void unloadedTeamIsSaid() {
        RequirementResult r = only("{ approvals: { from: { teams: [acme/ghost] } } }", new Prs().file("a").approve("bob"));
        assertEquals(new RequirementResult.Exclusion.NotFrom(false, List.of("acme/ghost"), true, null, null), r.excluded().get(0).why());
    }

    @Test
    void permissionLevelAndUsers() {
        Prs pr = new Prs().file("a").approve("reader").approve("writer");
        pr.permissions.put("reader", "read");
        pr.permissions.put("writer", "maintain");
        RequirementResult r = only("{ approvals: { count: 1, from: { permission: write } } }", pr);
        assertEquals(List.of("writer"), r.counted());
        assertEquals(new RequirementResult.Exclusion.NotFrom(false, List.of(), false, Requirement.Permission.WRITE, Requirement.Permission.READ),
                r.excluded().get(0).why());
        assertEquals(List.of("reader"), only("{ approvals: { from: { users: [Reader] } } }", pr).counted());
    }

    @Test
    void laterChangesRequestedWithdrawsAnApprovalButACommentDoesNot() {
        Prs pr = new Prs().file("a").approve("bob").review("bob", "CHANGES_REQUESTED", Prs.HEAD)
                .approve("dave").review("dave", "COMMENTED", Prs.HEAD);
        RequirementResult r = only("{ approvals: { count: 2 } }", pr);
        assertEquals(List.of("dave"), r.counted());
    }

    @Test
    void requestsMissingReviewersWhenAskedTo() {
        Evaluation e = evaluate(policy("{ approvals: { count: 2, from: { users: [bob, carol], teams: [acme/backend] }, request_reviewers: true } }"),
                new Prs().file("a").approve("bob"));
        assertEquals(List.of("carol", "acme/backend"), List.copyOf(e.reviewersToRequest()));
        assertTrue(e.policy().requestsReviewers());
        assertTrue(evaluate(policy("{ approvals: { count: 1, from: { users: [bob] } } }"), new Prs().file("a")).reviewersToRequest().isEmpty());
        // a stale approver is asked again; a co-author, whose approval cannot count, is not
        Prs stale = new Prs().file("a").review("bob", "APPROVED", Prs.OLD).approve("carol")
                .commit("1234567", Prs.bot("Copilot"), "x\n\nCo-authored-by: carol <carol@users.noreply.github.com>");
        Evaluation again = evaluate(policy("{ approvals: { count: 1, from: { users: [bob, carol] }, exclude: [author, co_authors], "
                + "current_head_only: true, request_reviewers: true } }"), stale);
        assertEquals(List.of("bob"), List.copyOf(again.reviewersToRequest()));
    }

    @Test
    void approvalsShorthand() {
        assertEquals(Status.SATISFIED, only("{ approvals: 1 }", new Prs().file("a").approve("bob")).status());
    }

    // ------------------------------------------------------------ codeowners

    @Test
    void codeownersNeedsAnOwnerOfEachPath() {
        Prs pr = new Prs().file("src/api/A.java").file("docs/guide.md").file("README.md")
                .team("acme/api", "ann").approve("ann");
        pr.codeowners = """
                # owners
                *            @acme/everyone
                /src/api/    @acme/api
                docs/        @dora
                README.md
                """;
        RequirementResult r = only("{ codeowners: true }", pr);
        assertEquals(Status.PENDING, r.status());
        assertEquals(List.of("ann"), r.counted());
        assertEquals(1, r.fileNotes().size());
        assertEquals("docs/guide.md", r.fileNotes().get(0).path());
        assertEquals(new RequirementResult.FileNote.NeedsOwner(List.of("dora")), r.fileNotes().get(0).note());
        pr.approve("dora");
        assertEquals(Status.SATISFIED, only("{ codeowners: true }", pr).status());
        Policy p = PolicyTesting.policy(policy("{ codeowners: true }"));
        assertTrue(p.triggers().needs(Triggers.Fetch.CODEOWNERS));
        assertEquals(java.util.Set.of("acme/everyone", "acme/api"), p.teamsToResolve(java.util.Optional.of(pr.codeowners)));
    }

    @Test
    void codeownersWithoutAFileFails() {
        RequirementResult r = only("{ codeowners: { current_head_only: true } }", new Prs().file("a"));
        assertEquals(Status.FAILED, r.status());
        assertEquals(new RequirementFacts.Codeowners(false, 0, 0, List.of(), List.of()), r.facts());
    }

    @Test
    void codeownerWhoIsCoAuthorDoesNotCount() {
        Prs pr = new Prs().file("src/A.java")
                .commit("1234567", Prs.bot("Copilot"), "x\n\nCo-authored-by: dora <dora@users.noreply.github.com>")
                .approve("dora");
        pr.codeowners = "* @dora\n";
        RequirementResult r = only("{ codeowners: { exclude: [author, co_authors], request_reviewers: true } }", pr);
        assertEquals(Status.PENDING, r.status());
        assertEquals("dora", r.excluded().get(0).who());
    }

    // ------------------------------------------------------------ tests

    @Test
    void testsRequiredButMissing() {
        Prs pr = new Prs().file("src/main/java/Foo.java").file("src/main/java/Bar.java").file("README.md");
        RequirementResult r = only("{ tests: { when_changed: [\"src/main/**\"], must_change: [\"src/test/**\"] } }", pr);
        assertEquals(Status.FAILED, r.status());
        assertEquals(List.of("src/main/java/Foo.java", "src/main/java/Bar.java"), r.fileNotes().stream().map(RequirementResult.FileNote::path).toList());
        assertEquals(new RequirementResult.FileNote.Untested("[src/test/**]"), r.fileNotes().get(0).note());
        assertEquals(new RequirementFacts.Tests("[src/main/**]", "[src/test/**]", 2, 0, 2, false), r.facts());
    }

    @Test
    void testsPresentNotesSourcesWithoutTheirOwnTest() {
        Prs pr = new Prs().file("src/main/java/Foo.java").file("src/main/java/Bar.java").file("src/test/java/FooTest.java");
        String req = "{ tests: { when_changed: [\"src/main/**\"], must_change: [\"src/test/**\"] } }";
        RequirementResult r = only(req, pr);
        assertEquals(Status.SATISFIED, r.status());
        assertEquals(List.of("src/main/java/Bar.java"), r.fileNotes().stream().map(RequirementResult.FileNote::path).toList());
        RequirementResult strict = only("{ tests: { when_changed: [\"src/main/**\"], must_change: [\"src/test/**\"], per_file: true } }", pr);
        assertEquals(Status.FAILED, strict.status());
    }

    @Test
    void testsSkippedWhenNoSourceChanged() {
        RequirementResult r = only("{ tests: { when_changed: [\"src/main/**\"], must_change: [\"src/test/**\"] } }", new Prs().file("docs/a.md"));
        assertEquals(Status.SKIPPED, r.status());
    }

    @Test
    void deletingATestIsNotATestChange() {
        Prs pr = new Prs().file("src/main/Foo.java").removed("src/test/FooTest.java");
        assertEquals(Status.FAILED, only("{ tests: { when_changed: [\"src/main/**\"], must_change: [\"src/test/**\"] } }", pr).status());
    }

    // ------------------------------------------------------------ checks

    @Test
    void failedSecurityScan() {
        Prs pr = new Prs().file("a").check("CodeQL", "completed", "failure").check("gitleaks", "completed", "success");
        Evaluation e = evaluate(policy("{ checks: [CodeQL, gitleaks] }"), pr);
        RequirementResult r = requirement(e, "checks");
        assertEquals(Status.FAILED, r.status());
        assertEquals(new RequirementFacts.Checks(List.of("gitleaks"), List.of(new RequirementFacts.Checks.Check("CodeQL", "failure")),
                List.of(), List.of(), Prs.HEAD), r.facts());
        assertEquals(Verdict.FAILURE, e.verdict());
    }

    @Test
    void checksPendingUntilReportedAndFinished() {
        Prs pr = new Prs().file("a").check("CodeQL", "in_progress", null);
        RequirementResult r = only("{ checks: [CodeQL, gitleaks] }", pr);
        assertEquals(Status.PENDING, r.status());
        assertEquals(new RequirementFacts.Checks(List.of(), List.of(), List.of(new RequirementFacts.Checks.Check("CodeQL", "in_progress")),
                List.of("gitleaks"), Prs.HEAD), r.facts());
    }

    @Test
    void checksByPatternAndStatuses() {
        Prs pr = new Prs().file("a").check("build (linux)", "completed", "success").check("build (mac)", "completed", "success")
                .status("ci/jenkins", "success").check("ai-gate", "completed", "failure");
        RequirementResult r = only("{ checks: [ { pattern: \"build \\\\(.*\\\\)\" }, { name: ci/jenkins } ] }", pr);
        assertEquals(Status.SATISFIED, r.status(), r.facts().toString());
        assertEquals(List.of("build (linux)", "build (mac)", "ci/jenkins"), r.counted());
        pr.status("ci/jenkins", "failure");
        assertEquals(Status.FAILED, only("{ checks: [ { name: ci/jenkins } ] }", pr).status());
    }

    @Test
    void watchesOnlyNamedChecks() {
        Policy p = PolicyTesting.policy(policy("{ checks: [CodeQL, { pattern: \"lint-.*\" }, ai-gate-other] }"));
        assertTrue(p.triggers().watchesCheck("CodeQL"));
        assertTrue(p.triggers().watchesCheck("lint-go"));
        assertTrue(!p.triggers().watchesCheck("codeql"));
        assertTrue(!p.triggers().watchesCheck("ai-gate"));
        assertTrue(!p.triggers().watchesCheck("deploy"));
    }

    // ------------------------------------------------------------ labels, disclosure, max_size

    @Test
    void labelsMustBePresent() {
        RequirementResult r = only("{ labels: [reviewed, ai-assisted] }", new Prs().file("a").label("AI-assisted"));
        assertEquals(Status.FAILED, r.status());
        assertEquals(List.of("reviewed"), ((RequirementFacts.Labels) r.facts()).missing());
        assertEquals(Status.SATISFIED, only("{ labels: [reviewed] }", new Prs().file("a").label("reviewed")).status());
    }

    @Test
    void labelsCanBeRequiredToBeAbsent() {
        String require = "{ labels: { absent: [large-ai-change] } }";
        RequirementResult r = only(require, new Prs().file("a").label("Large-AI-change", "ok"));
        assertEquals(Status.FAILED, r.status());
        assertEquals(new RequirementFacts.Labels(List.of(), List.of("large-ai-change"), List.of(), List.of("Large-AI-change")),
                r.facts());
        RequirementResult ok = only(require, new Prs().file("a").label("ok"));
        assertEquals(Status.SATISFIED, ok.status());
        assertEquals(new RequirementFacts.Labels(List.of(), List.of("large-ai-change"), List.of(), List.of()), ok.facts());

        String both = "{ labels: { present: [reviewed], absent: [wip] } }";
        RequirementResult r2 = only(both, new Prs().file("a").label("wip"));
        assertEquals(Status.FAILED, r2.status());
        assertEquals(new RequirementFacts.Labels(List.of("reviewed"), List.of("wip"), List.of("reviewed"), List.of("wip")),
                r2.facts());
        assertEquals(Status.SATISFIED, only(both, new Prs().file("a").label("reviewed")).status());
        // The list form still means "present".
        assertEquals(only("{ labels: [reviewed] }", new Prs().file("a")).facts(),
                only("{ labels: { present: [reviewed] } }", new Prs().file("a")).facts());
    }

    @Test
    void aRuleCanWordItsOwnInstruction() {
        String yaml = "version: 1\nrules:\n  - name: r\n    hint: \"Ask #ai-review on Slack for a second look.\"\n"
                + "    require: { approvals: 1, labels: [reviewed] }\n";
        Evaluation e = evaluate(yaml, new Prs().file("a"));
        RuleResult rule = e.rules().get(0);
        assertEquals("Ask #ai-review on Slack for a second look.", rule.hint());
        assertEquals(Status.FAILED, rule.status());
        // The requirements keep their own findings and instructions; the hint is the rule's.
        assertEquals(List.of("reviewed"), ((RequirementFacts.Labels) rule.requirements().get(1).facts()).missing());
        assertEquals("", evaluate(policy("{ approvals: 1 }"), new Prs().file("a")).rules().get(0).hint());
    }

    @Test
    void disclosureSectionOrCheckbox() {
        Prs none = new Prs().file("a");
        none.body = "Fixes #1";
        assertEquals(Status.FAILED, only("{ disclosure: true }", none).status());
        Prs section = new Prs().file("a");
        section.body = "Fixes #1\n\n## AI disclosure\nDrafted with Copilot, reviewed line by line.\n";
        assertEquals(Status.SATISFIED, only("{ disclosure: true }", section).status());
        Prs emptySection = new Prs().file("a");
        emptySection.body = "## AI disclosure\n\n## Testing\n";
        assertEquals(Status.FAILED, only("{ disclosure: true }", emptySection).status());
        Prs box = new Prs().file("a");
        box.body = "- [x] I used AI tools for this change";
        assertEquals(Status.SATISFIED, only("{ disclosure: true }", box).status());
        Prs unticked = new Prs().file("a");
        unticked.body = "- [ ] I used AI tools for this change";
        assertEquals(Status.FAILED, only("{ disclosure: true }", unticked).status());
        Prs custom = new Prs().file("a");
        custom.body = "Assisted-by: none";
        assertEquals(Status.SATISFIED, only("{ disclosure: { matches: [\"(?m)^Assisted-by:\"] } }", custom).status());
    }

    @Test
    void maxSize() {
        RequirementResult r = only("{ max_size: { lines: 1000, files: 2 } }", new Prs().file("a").file("b").file("c"));
        assertEquals(Status.FAILED, r.status());
        assertEquals(new RequirementFacts.MaxSize(36, 3, 1000, 2), r.facts());
        assertEquals(new RequirementFacts.MaxSize(1, 1, 1, 1),
                only("{ max_size: { lines: 1, files: 1 } }", new Prs().file("a", 1, 0)).facts());
        assertEquals(Status.SATISFIED, only("{ max_size: { lines: 1000 } }", new Prs().file("a", 999, 1)).status());
        Prs truncated = new Prs().file("a");
        truncated.filesTruncated = true;
        truncated.changedFilesCount = 3500;
        assertEquals(Status.FAILED, only("{ max_size: { files: 3000 } }", truncated).status());
    }

    @Test
    void conclusionActionRequiredAndWorstStatusWins() {
        Evaluation e = evaluate("""
                version: 1
                rules:
                  - name: soft
                    require: { labels: [x] }
                    conclusion: action_required
                """, new Prs().file("a"));
        assertEquals(Verdict.ACTION_REQUIRED, e.verdict());
        Evaluation both = evaluate("""
                version: 1
                rules:
                  - name: soft
                    require: { labels: [x] }
                    conclusion: action_required
                  - name: hard
                    require: { approvals: 1, labels: [x] }
                """, new Prs().file("a"));
        assertEquals(Verdict.FAILURE, both.verdict());
        assertEquals(Status.FAILED, both.rules().get(1).status());
    }

    // ------------------------------------------------------------ invalidate_on

    private static Prs approvedOnOlderHead(String approvedPatch, String currentPatch) {
        Prs pr = new Prs().file("Parser.java").review("bob", "APPROVED", Prs.OLD);
        pr.patches.put(Prs.OLD, PatchDiffTest.fp(PatchDiffTest.modified("Parser.java", approvedPatch)));
        pr.patches.put(Prs.HEAD, PatchDiffTest.fp(PatchDiffTest.modified("Parser.java", currentPatch)));
        return pr;
    }

    @Test
    void diffChangeKeepsAnApprovalAcrossARebaseThatLeavesTheChangesAlone() {
        Prs pr = approvedOnOlderHead(PatchDiffTest.APPROVED, PatchDiffTest.REBASED);
        RequirementResult r = only("{ approvals: { count: 1, invalidate_on: diff_change } }", pr);
        assertEquals(Status.SATISFIED, r.status());
        assertEquals(List.of("bob"), r.counted());
        assertEquals(1, r.carried().size());
        RequirementResult.Carried c = r.carried().get(0);
        assertEquals(List.of("bob", Prs.OLD, Prs.HEAD, true), List.of(c.who(), c.approvedSha(), c.headSha(), c.kept()));
        // the same approval under invalidate_on: push (and its alias current_head_only: true) is stale
        assertEquals(Status.PENDING, only("{ approvals: { count: 1, invalidate_on: push } }", pr).status());
        assertEquals(Status.PENDING, only("{ approvals: { count: 1, current_head_only: true } }", pr).status());
    }

    @Test
    void diffChangeDropsAnApprovalWhenOneLineChangedAndSaysWhichFile() {
        Prs pr = approvedOnOlderHead(PatchDiffTest.APPROVED, PatchDiffTest.ONE_LINE_CHANGED);
        RequirementResult r = only("{ approvals: { count: 1, invalidate_on: diff_change } }", pr);
        assertEquals(Status.PENDING, r.status());
        assertTrue(r.counted().isEmpty());
        RequirementResult.Exclusion.ChangedSince why = (RequirementResult.Exclusion.ChangedSince) r.excluded().get(0).why();
        assertEquals(List.of(Prs.OLD, Prs.HEAD), List.of(why.approvedSha(), why.headSha()));
        assertEquals(List.of("Parser.java"), why.diff().changed());
        assertEquals(List.of(false), r.carried().stream().map(RequirementResult.Carried::kept).toList());
        assertEquals(Requirement.Invalidation.DIFF_CHANGE, ((RequirementFacts.Approvals) r.facts()).invalidateOn());
    }

    @Test
    void diffChangeDropsAnApprovalWhenGitHubGaveNoPatchAndSaysSo() {
        Prs pr = new Prs().file("logo.png").review("bob", "APPROVED", Prs.OLD);
        pr.patches.put(Prs.OLD, PatchDiffTest.fp(PatchDiffTest.binary("logo.png")));
        pr.patches.put(Prs.HEAD, PatchDiffTest.fp(PatchDiffTest.binary("logo.png")));
        RequirementResult r = only("{ approvals: { count: 1, invalidate_on: diff_change } }", pr);
        assertEquals(Status.PENDING, r.status());
        PatchDiff diff = ((RequirementResult.Exclusion.ChangedSince) r.excluded().get(0).why()).diff();
        assertEquals(PatchDiff.Outcome.UNKNOWN, diff.outcome());
        assertEquals(dev.aigate.snapshot.PatchFingerprint.Gap.NO_PATCH, diff.gap());
        assertEquals("logo.png", diff.gapDetail());
    }

    @Test
    void diffChangeDropsAnApprovalWhoseHeadWasNotCompared() {
        Prs pr = new Prs().file("a").review("bob", "APPROVED", Prs.OLD);
        pr.codeowners = "* @bob\n";
        RequirementResult r = only("{ codeowners: { invalidate_on: diff_change } }", pr);
        assertEquals(Status.PENDING, r.status());
        assertEquals(dev.aigate.snapshot.PatchFingerprint.Gap.UNAVAILABLE,
                ((RequirementResult.Exclusion.ChangedSince) r.excluded().get(0).why()).diff().gap(), r.excluded().toString());
    }

    @Test
    void anApprovalOnTheCurrentHeadNeedsNoComparison() {
        Prs pr = new Prs().file("a").approve("bob");
        RequirementResult r = only("{ approvals: { count: 1, invalidate_on: diff_change } }", pr);
        assertEquals(Status.SATISFIED, r.status());
        assertTrue(r.carried().isEmpty());
    }
}
