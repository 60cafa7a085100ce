package dev.aigate.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Both verdicts of an evaluation are kept, and the pull requests observe mode would have stopped can be counted. */
class ObservedDecisionsTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theRealAndTheWouldBeConclusionAreStoredAndCounted(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcDecisionLog log = new JdbcDecisionLog(db.dataSource());
            DecisionRecord observed = log.record(decision(7, "h1", "neutral", "observe", "failure", T));
            assertEquals("observe", log.byId(observed.id()).orElseThrow().mode());
            assertEquals("failure", log.byId(observed.id()).orElseThrow().wouldConclusion());
            assertEquals("neutral", log.byId(observed.id()).orElseThrow().conclusion());

            log.record(decision(7, "h2", "neutral", "observe", "action_required", T.plusSeconds(60))); // same PR again
            log.record(decision(8, "h3", "success", "enforce", "failure", T)); // an observed rule in an enforced policy
            log.record(decision(9, "h4", "neutral", "observe", "success", T)); // would have passed
            log.record(decision(10, "h5", "failure", "enforce", "failure", T)); // blocked for real
            log.record(decision(11, "h6", "neutral", "observe", "failure", T.minusSeconds(3600))); // before the window
            DecisionRecord older = log.record(new DecisionRecord(null, "acme/app", 12, "h7", 99L, null, null, null, null,
                    "neutral", 0, List.of(), Map.of(), T));

            assertEquals(2, log.wouldHaveBlocked(T), "PRs 7 and 8, each once");
            assertEquals(3, log.wouldHaveBlocked(T.minusSeconds(7200)));
            assertNull(log.byId(older.id()).orElseThrow().mode(), "records without a mode read back as before");
            assertNull(log.byId(older.id()).orElseThrow().wouldConclusion());
        }
    }

    private static DecisionRecord decision(int pr, String sha, String conclusion, String mode, String would, Instant at) {
        return new DecisionRecord(null, "acme/app", pr, sha, 99L, "agent", null, null, null, conclusion, 0, List.of(),
                Map.of(), at, null, mode, would);
    }
}
