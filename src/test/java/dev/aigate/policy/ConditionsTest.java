package dev.aigate.policy;

import org.junit.jupiter.api.Test;

import static dev.aigate.policy.PolicyTesting.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per condition: the rule applies when it holds and is skipped, with a reason, when not. */
class ConditionsTest {

    private static final String HEADER = """
            version: 1
            provenance:
              agents: ["acme-refactor-bot[bot]"]
              declared_label: ai-assisted
            size:
              small: { max_lines: 50 }
              large: { min_lines: 500 }
            """;

    private static RuleResult run(String condition, Prs pr) {
        String yaml = HEADER + "rules:\n  - name: r\n    if: " + condition + "\n    require: { labels: [reviewed] }\n";
        Evaluation e = evaluate(yaml, pr);
        assertEquals(Evaluation.PolicyState.LOADED, e.policyState(), e.problems().toString());
        return e.rules().get(0);
    }

    private static void applies(String condition, Prs pr) {
        RuleResult r = run(condition, pr);
        assertTrue(r.applied(), "expected " + condition + " to hold: " + r.why());
        assertEquals(Status.FAILED, r.status());
    }

    private static String skipped(String condition, Prs pr) {
        RuleResult r = run(condition, pr);
        assertFalse(r.applied(), "expected " + condition + " not to hold: " + r.why());
        assertEquals(Status.SKIPPED, r.status());
        assertEquals(Verdict.SUCCESS, r.verdict());
        assertTrue(r.requirements().isEmpty());
        return r.why();
    }

    @Test
    void provenance() {
        Prs agent = new Prs().file("src/A.java");
        agent.author = Prs.bot("acme-refactor-bot[bot]");
        applies("{ provenance: [agent, assisted] }", agent);
        applies("{ provenance: [declared] }", new Prs().file("a").label("ai-assisted"));
        applies("{ provenance: none }", new Prs().file("a"));
        assertEquals("provenance is none, not agent or assisted", skipped("{ provenance: [agent, assisted] }", new Prs().file("a")));
    }

    @Test
    void aiCommitShare() {
        Prs half = new Prs().file("a")
                .commit("c1", Prs.user("alice"), "fix\n\nCo-authored-by: Claude <noreply@anthropic.com>")
                .commit("c2", Prs.user("alice"), "tidy");
        applies("{ ai_commit_share: { min: 0.5 } }", half);
        assertTrue(skipped("{ ai_commit_share: { min: 0.75 } }", half).startsWith("50% of commits carry AI markers"));
        applies("{ ai_commit_share: { max: 0.5 } }", half);
    }

    @Test
    void size() {
        applies("{ size: [large] }", new Prs().file("big", 600, 0));
        applies("{ size: [small] }", new Prs().file("tiny", 3, 1));
        assertTrue(skipped("{ size: [large] }", new Prs().file("mid", 100, 0)).contains("is not large"));
        // Counts read as English: one file, not "1 files".
        assertTrue(skipped("{ size: [large] }", new Prs().file("mid", 100, 0)).startsWith("size 100 lines in 1 file is not"),
                skipped("{ size: [large] }", new Prs().file("mid", 100, 0)));
        assertTrue(skipped("{ changed_files_count: { min: 2 } }", new Prs().file("a")).startsWith("1 changed file ("),
                skipped("{ changed_files_count: { min: 2 } }", new Prs().file("a")));
    }

    @Test
    void changedFilesAndNegation() {
        applies("{ changed_files: [\"src/**\"] }", new Prs().file("README.md").file("src/main/A.java"));
        applies("{ changed_files: [\"**/*.tf\"] }", new Prs().file("infra/prod/main.tf"));
        applies("{ changed_files: [\".github/**\"] }", new Prs().file(".github/workflows/ci.yml"));
        assertEquals("no changed file matches [src/**]", skipped("{ changed_files: [\"src/**\"] }", new Prs().file("docs/x.md")));
        skipped("{ changed_files: [\"src/**\", \"!src/generated/**\"] }", new Prs().file("src/generated/G.java"));
        applies("{ changed_files: [\"src/**\"] }", new Prs().renamed("src/Old.java", "lib/New.java"));
    }

    @Test
    void onlyChangedFiles() {
        applies("{ only_changed_files: [\"docs/**\", \"*.md\"] }", new Prs().file("docs/a.txt").file("README.md"));
        assertEquals("src/A.java is outside [docs/**]", skipped("{ only_changed_files: [\"docs/**\"] }", new Prs().file("docs/a").file("src/A.java")));
        Prs truncated = new Prs().file("docs/a");
        truncated.filesTruncated = true;
        truncated.changedFilesCount = 3001;
        // Every listed file matches, but one is not listed: undecided, so the rule applies (fail closed).
        applies("{ only_changed_files: [\"docs/**\"] }", truncated);
    }

    @Test
    void changedLinesAndFileCount() {
        applies("{ changed_lines: { min: 100 } }", new Prs().file("a", 90, 20));
        assertEquals("12 changed lines (needs at least 100)", skipped("{ changed_lines: { min: 100 } }", new Prs().file("a")));
        applies("{ changed_files_count: { min: 2, max: 3 } }", new Prs().file("a").file("b"));
        assertTrue(skipped("{ changed_files_count: { max: 1 } }", new Prs().file("a").file("b")).startsWith("2 changed files"));
    }

    @Test
    void authorInUsersOrTeams() {
        applies("{ author: { users: [Alice] } }", new Prs().file("a"));
        applies("{ author: { teams: [acme/backend] } }", new Prs().file("a").team("acme/backend", "alice"));
        assertTrue(skipped("{ author: { users: [bob], teams: [acme/backend] } }", new Prs().file("a").team("acme/backend", "carol"))
                .contains("is not among"));
    }

    @Test
    void hasLabels() {
        applies("{ has_labels: [trivial] }", new Prs().file("a").label("Trivial"));
        assertEquals("lacks label trivial", skipped("{ has_labels: [trivial] }", new Prs().file("a")));
    }

    @Test
    void targetsAndFromBranch() {
        applies("{ targets_branch: [main] }", new Prs().file("a"));
        Prs release = new Prs().file("a");
        release.baseRef = "release/1.2";
        applies("{ targets_branch: [\"release/*\"] }", release);
        assertTrue(skipped("{ targets_branch: [\"release/*\"] }", new Prs().file("a")).startsWith("targets main, not"));
        Prs copilot = new Prs().file("a");
        copilot.headRef = "copilot/fix-42";
        applies("{ from_branch: [\"copilot/**\"] }", copilot);
        skipped("{ from_branch: [\"copilot/**\"] }", new Prs().file("a"));
    }

    @Test
    void titleAndBodyPatterns() {
        Prs pr = new Prs().file("a");
        pr.title = "WIP: agent refactor";
        pr.body = "Generated with Claude Code";
        applies("{ title: \"^WIP\" }", pr);
        applies("{ body: { matches: [\"(?i)generated with\"] } }", pr);
        assertEquals("title matches /^WIP/", skipped("{ title: { not_matches: [\"^WIP\"] } }", pr));
        skipped("{ title: { matches: \"^feat\" } }", pr);
    }

    @Test
    void draft() {
        Prs pr = new Prs().file("a");
        pr.draft = true;
        applies("{ draft: true }", pr);
        assertEquals("is not a draft", skipped("{ draft: true }", new Prs().file("a")));
    }

    @Test
    void allAnyNot() {
        Prs pr = new Prs().file("src/A.java").label("trivial");
        applies("{ all: [ { changed_files: [\"src/**\"] }, { has_labels: [trivial] } ] }", pr);
        skipped("{ all: [ { changed_files: [\"src/**\"] }, { has_labels: [urgent] } ] }", pr);
        applies("{ any: [ { has_labels: [urgent] }, { changed_files: [\"src/**\"] } ] }", pr);
        assertTrue(skipped("{ any: [ { has_labels: [urgent] }, { draft: true } ] }", pr).startsWith("none of:"));
        skipped("{ not: { has_labels: [trivial] } }", pr);
        applies("{ not: { has_labels: [urgent] } }", pr);
        applies("{ not: { not: { has_labels: [trivial] } } }", pr);
        // a mapping of several conditions means all of them
        skipped("{ changed_files: [\"src/**\"], not: { has_labels: [trivial] } }", pr);
    }
}
