package dev.aigate.policy;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggersTest {

    @Test
    void eachPredicateAddsItsEventsAndFetches() {
        Triggers plain = PolicyTesting.policy("version: 1\nrules:\n  - name: a\n    require: { approvals: 1 }\n").triggers();
        assertEquals(EnumSet.of(Triggers.Event.PULL_REQUEST, Triggers.Event.COMMIT, Triggers.Event.REVIEW), plain.events());
        assertEquals(EnumSet.noneOf(Triggers.Fetch.class), plain.fetches());
        assertFalse(plain.watchesCheck(null), "no check can matter");

        Triggers full = PolicyTesting.policy("""
                version: 1
                rules:
                  - name: big
                    if: { any: [ { changed_lines: { min: 500 } }, { has_labels: [risky] } ] }
                    require:
                      codeowners: { invalidate_on: diff_change }
                      checks: [ build, { pattern: "lint-.*" } ]
                      labels: [ reviewed ]
                """).triggers();
        assertEquals(EnumSet.allOf(Triggers.Event.class), full.events());
        assertEquals(EnumSet.of(Triggers.Fetch.CHECKS, Triggers.Fetch.CODEOWNERS, Triggers.Fetch.GITATTRIBUTES,
                Triggers.Fetch.PATCHES), full.fetches());
        assertEquals(List.of("=build", "~lint-.*"), full.checks());
    }

    @Test
    void whatIsStoredDecidesAsThePolicyDoes() {
        Triggers t = PolicyTesting.policy("version: 1\nrules:\n  - name: a\n    require:\n"
                + "      checks: [ CodeQL, { pattern: \"lint-(go|js)\" } ]\n").triggers();
        Triggers stored = Triggers.decode(t.encodeEvents(), t.encodeFetches(), t.checks());
        assertEquals(t, stored);
        for (String name : new String[] {"CodeQL", "lint-go", "lint-js", "codeql", "lint-gox", "ai-gate", "deploy"}) {
            assertEquals(t.watchesCheck(name), stored.watchesCheck(name), name);
        }
        assertTrue(stored.watchesCheck("lint-go") && !stored.watchesCheck("lint-gox") && !stored.watchesCheck("ai-gate"));
        assertTrue(stored.watchesCheck(null), "a check suite, whose runs are not named, may matter");
    }

    @Test
    void aStoredPatternThatNoLongerCompilesMatchesRatherThanDrops() {
        Triggers odd = Triggers.decode("pull_request,check,unknown-word", "checks", List.of("~(unclosed", "junk"));
        assertEquals(EnumSet.of(Triggers.Event.PULL_REQUEST, Triggers.Event.CHECK), odd.events());
        assertEquals(List.of("~(unclosed"), odd.checks());
        assertTrue(odd.watchesCheck("anything"));
        assertFalse(Triggers.NONE.watchesCheck("anything"));
    }
}
