package dev.aigate.patterns;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Patterns whose compiled program would be huge are refused from their text, before RE2J compiles them. */
class RegexBoundsTest {

    /** Refused from the text alone: compiling these would take minutes or exhaust the heap, so nothing is compiled. */
    @Test
    void nestedCountsThatMultiplyPastTheLimitAreRefusedAtTheOuterCount() {
        Optional<RegexBounds.Refusal> r = RegexBounds.check("((a{1000}){1000}){1000}");
        assertTrue(r.isPresent());
        assertEquals(10, r.get().offset());
        assertTrue(r.get().message().startsWith("repetition too large: {1000} nested in {1000} multiplies to 1000000; the limit is 1000"),
                r.get().message());

        Optional<RegexBounds.Refusal> slow = RegexBounds.check("(a{1000}){100}b");
        assertTrue(slow.isPresent());
        assertEquals(9, slow.get().offset());
        assertTrue(slow.get().message().contains("{1000} nested in {100} multiplies to 100000"), slow.get().message());
    }

    @Test
    void manyLargeCountsSideBySideAreRefusedByTheProgramSize() {
        String p = "a{1000}b{1000}c{1000}d{1000}e{1000}f{1000}";
        Optional<RegexBounds.Refusal> r = RegexBounds.check(p);
        assertTrue(r.isPresent());
        assertTrue(r.get().message().startsWith("regular expression too large: it compiles to about "), r.get().message());
        assertTrue(RegexBounds.check("(?:x|y{1000}|z{1000}){3}").isPresent(), "alternatives are counted in full");
    }

    @Test
    void ordinaryPatternsPass() {
        for (String p : List.of("(?i)^#{1,3}\\s*AI disclosure", "[0-9a-f]{40}", "\\d{1,3}(\\.\\d{1,3}){3}", "a{1000}",
                "(ab){10}{2}", "x{,5}", "a{", "\\Q{1000}{1000}\\E", "[{}]{2}", "\\x{41}{2}", "\\p{Greek}+", "(a|b)*c",
                "(?:[[:alpha:]]{10}){100}", "^(?:feat|fix)(\\([a-z]+\\))?: .{1,72}$")) {
            assertEquals(Optional.empty(), RegexBounds.check(p), p);
        }
    }

    @Test
    void groupHeadersAreNotCountedAsPartOfTheGroup() {
        assertEquals(Optional.empty(), RegexBounds.check("(?P<year>[0-9]){1000}"));
        assertEquals(Optional.empty(), RegexBounds.check("(?<year>[0-9]){1000}"));
        assertEquals(Optional.empty(), RegexBounds.check("(?i:[0-9]){1000}"));
        assertEquals(Optional.empty(), RegexBounds.check("(?i)x{1000}"));
        assertTrue(RegexBounds.check("(?i)(?:(?s)a{1000}){2}").isPresent(), "a flag group inside does not hide the count");
        assertTrue(RegexBounds.check("(?P<n>a{1000}){2}").isPresent());
    }

    @Test
    void escapedAndBracketedBracesAreNotCounts() {
        assertEquals(Optional.empty(), RegexBounds.check("(a\\{1000}){100}"));
        assertEquals(Optional.empty(), RegexBounds.check("([{]1000}){100}"));
        assertTrue(RegexBounds.check("([]a]{1000}){2}").isPresent(), "a ']' first in a class is a member, not its end");
    }

    @Test
    void theEstimateIsAtLeastWhatRe2jCompiles() {
        // the estimate errs upward: a pattern near the limit still compiles quickly
        String p = "(?:[a-z]{10}){100}";
        assertTrue(RegexBounds.check(p).isEmpty());
        assertTrue(RegexBounds.size(p) >= 1000);
        assertTrue(Pattern.compile(p).matcher("abcdefghij".repeat(100)).matches());
    }
}
