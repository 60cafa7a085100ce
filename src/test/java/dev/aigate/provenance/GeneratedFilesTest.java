package dev.aigate.provenance;

import dev.aigate.patterns.Steps;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository's {@code .gitattributes} patterns are hostile input. Through the JDK glob PathMatcher (a
 * java.util.regex translation) {@code *a*a*a*a*a*a*a*a*a*a*a*a*c*b} against 60 a's and a b backtracks for
 * seconds, doubling with every {@code *a}. Through the project's Glob engine the work is counted in steps and
 * bounded by the pattern's length times the path's: these tests prove the bound by counting, not by a clock.
 */
class GeneratedFilesTest {

    private static final String HOSTILE = "*a*a*a*a*a*a*a*a*a*a*a*a*c*b";

    private static long steps(GeneratedFiles.Attributes attributes, String path, Boolean expected) {
        AtomicLong spent = new AtomicLong();
        Steps counter = spent::addAndGet;
        assertEquals(expected, attributes.generated(path, counter), path);
        return spent.get();
    }

    @Test
    void aHostilePatternCostsStepsBoundedByPatternTimesPath() {
        GeneratedFiles.Attributes attributes = GeneratedFiles.Attributes.parse(HOSTILE + " linguist-generated\n");
        for (int n : new int[] {30, 60, 120, 240}) {
            String miss = "a".repeat(n) + "b"; // no 'c': the whole table is searched and nothing matches
            String hit = "lib/" + "a".repeat(n) + "cb";
            long missSteps = steps(attributes, miss, null);
            long hitSteps = steps(attributes, hit, true);
            long bound = (long) (HOSTILE.length() + 1) * (hit.length() + 1) * 2;
            assertTrue(missSteps <= bound, n + " a's cost " + missSteps + " steps; the bound is " + bound);
            assertTrue(hitSteps <= bound, n + " a's cost " + hitSteps + " steps; the bound is " + bound);
        }
        long at120 = steps(attributes, "a".repeat(120) + "b", null);
        long at240 = steps(attributes, "a".repeat(240) + "b", null);
        assertTrue(at240 <= at120 * 5 / 2, "twice the path, at most about twice the work: " + at120 + " -> " + at240);
    }

    @Test
    void aPatternPastTheWildcardLimitIsSkippedAsGitSkipsWhatItCannotRead() {
        GeneratedFiles.Attributes attributes = GeneratedFiles.Attributes.parse(
                "x/" + "*a".repeat(40) + " linguist-generated\nkeep.txt linguist-generated\n");
        assertNull(attributes.generated("x/" + "a".repeat(40)), "40 wildcards are past the limit of 32: no rule");
        assertEquals(Boolean.TRUE, attributes.generated("keep.txt"));
    }

    @Test
    void theLastMatchingLineDecides() {
        GeneratedFiles.Attributes attributes = GeneratedFiles.Attributes.parse(
                "gen/** linguist-generated\ngen/keep.ts -linguist-generated\n");
        assertEquals(Boolean.TRUE, attributes.generated("gen/a.ts"));
        assertEquals(Boolean.FALSE, attributes.generated("gen/keep.ts"));
        assertNull(attributes.generated("src/a.ts"));
    }
}
