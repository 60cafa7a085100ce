package dev.aigate.policy;

import dev.aigate.patterns.Glob;
import dev.aigate.patterns.GlobSyntaxException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gitignore-style path globs and whole-name branch globs. */
class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "src/**, src/A.java, true",
            "src/**, src/a/b/C.java, true",
            "src/**, lib/src/A.java, false",
            "src/**, src, false",
            "**/*.tf, main.tf, true",
            "**/*.tf, infra/prod/main.tf, true",
            "**/*.tf, infra/main.tfvars, false",
            "*.md, README.md, true",
            "*.md, docs/guide/intro.md, true",
            "*.md, docs/x.md/inner.txt, true",
            "*.md, README.mdx, false",
            "/*.md, README.md, true",
            "/*.md, docs/x.md, false",
            "docs, docs/a/b.txt, true",
            "docs, site/docs/b.txt, true",
            "docs/, docs/b.txt, true",
            "docs/, docs, false",
            "/docs, site/docs/b.txt, false",
            ".github/**, .github/workflows/ci.yml, true",
            "a/**/b, a/b, true",
            "a/**/b, a/x/y/b, true",
            "a/**/b, a/x/y/bc, false",
            "a/*/c, a/b/c, true",
            "a/*/c, a/b/x/c, false",
            "**, anything/at/all, true",
            "src/?.java, src/A.java, true",
            "src/?.java, src/AB.java, false",
            "src/[abc].java, src/b.java, true",
            "src/[!abc].java, src/d.java, true",
            "src/[!abc].java, src/a.java, false",
            "src/[a-c]*.java, src/car.java, true",
            "file\\*.txt, file*.txt, true",
            "file\\*.txt, fileX.txt, false",
            "**/test/**, a/test/b.java, true",
            "**/test/**, test/b.java, true",
            "deploy/**, deploy/k8s/app.yaml, true",
            "Makefile, sub/Makefile, true",
            "a+b(c).txt, a+b(c).txt, true",
            "a+b(c).txt, aab(c).txt, false",
    })
    void pathGlobs(String glob, String path, boolean expected) {
        assertEquals(expected, Glob.path(glob).matches(path));
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "main, main, true",
            "main, foo/main, false",
            "release/*, release/1.2, true",
            "release/*, release/1/2, false",
            "release/**, release/1/2, true",
            "copilot/*, copilot/fix-42, true",
    })
    void nameGlobs(String glob, String name, boolean expected) {
        assertEquals(expected, Glob.name(glob).matches(name));
    }

    @Test
    void codeownersDirectoryStarCoversOnlyDirectChildren() {
        assertTrue(Glob.codeowners("docs/*").matches("docs/a.md"));
        assertTrue(!Glob.codeowners("docs/*").matches("docs/build/a.md"));
        assertTrue(Glob.codeowners("apps/").matches("x/apps/a.js"));
        assertTrue(Glob.path("docs/*").matches("docs/build/a.md"), "gitignore: a matched directory covers its contents");
        CodeOwners owners = CodeOwners.parse("*.js @web\n/docs/* @docs\n# comment\n/build/logs/\n");
        assertEquals(List.of("web"), owners.ownersOf("src/app.js"));
        assertEquals(List.of("docs"), owners.ownersOf("docs/a.md"));
        assertEquals(List.of(), owners.ownersOf("docs/sub/a.md"));
        assertEquals(List.of(), owners.ownersOf("build/logs/x.js"));
    }

    @Test
    void badGlobsSayWhere() {
        GlobSyntaxException e = assertThrows(GlobSyntaxException.class, () -> Glob.path("src/a**"));
        assertEquals(5, e.offset());
        assertEquals(4, assertThrows(GlobSyntaxException.class, () -> Glob.path("src/[ab")).offset());
        assertThrows(GlobSyntaxException.class, () -> Glob.path(""));
        assertThrows(GlobSyntaxException.class, () -> Glob.path("a//b"));
        assertThrows(GlobSyntaxException.class, () -> Glob.path("a\\"));
        assertThrows(GlobSyntaxException.class, () -> Glob.path("[z-a]"));
    }

    @Test
    void negationLastMatchWins() {
        GlobSet set = new GlobSet(List.of("src/**", "!src/gen/**", "src/gen/keep.java"),
                List.of(Glob.path("src/**"), Glob.path("src/gen/**"), Glob.path("src/gen/keep.java")), List.of(false, true, false));
        assertTrue(set.matches("src/a.java"));
        assertTrue(!set.matches("src/gen/x.java"));
        assertTrue(set.matches("src/gen/keep.java"));
        assertTrue(!set.matches("lib/x"));
    }

    @Test
    void manyDoubleStarsAgainstADeepPathCostStepsInProportionToThePath() {
        String deep = "d/".repeat(2000) + "x.java";
        String glob = "**/*/".repeat(Glob.MAX_DOUBLE_STARS) + "*.java"; // the most '**' allowed, alternating with '*'
        long[] spent = {0};
        assertTrue(Glob.path(glob).matches(deep, n -> spent[0] += n));
        // the old table filled every cell after each reachable one: about 16 x 2000^2 steps
        assertTrue(spent[0] < 100L * deep.length(), "steps: " + spent[0]);
        spent[0] = 0;
        assertTrue(!Glob.path("**/a/**/b/**/c/**/*.java").matches(deep, n -> spent[0] += n));
        assertTrue(spent[0] < 20L * deep.length(), "steps: " + spent[0]);
    }

    @Test
    void globsWithTooManyWildcardsAreRefusedAtTheOneOverTheLimit() {
        String doubleStars = "**/*/".repeat(Glob.MAX_DOUBLE_STARS) + "**/x";
        GlobSyntaxException e = assertThrows(GlobSyntaxException.class, () -> Glob.path(doubleStars));
        assertEquals(doubleStars.length() - 4, e.offset());
        assertTrue(e.getMessage().startsWith("more than 16 '**' segments in one glob"), e.getMessage());
        String stars = "*a".repeat(Glob.MAX_WILDCARDS + 1);
        GlobSyntaxException w = assertThrows(GlobSyntaxException.class, () -> Glob.name(stars));
        assertEquals(2 * Glob.MAX_WILDCARDS, w.offset());
        assertTrue(w.getMessage().startsWith("more than 32 wildcards ('*', '?', '[...]') in one glob"), w.getMessage());
    }

    @Test
    void pathologicalPatternsStayLinear() {
        Glob g = Glob.path("*a*a*a*a*a*a*a*a*a*a*a*a*b");
        // a backtracking engine would take exponential time here; RE2J answers in one pass
        assertTrue(!g.matches("a".repeat(5000)));
        assertTrue(g.matches("a".repeat(5000) + "b"));
    }
}
