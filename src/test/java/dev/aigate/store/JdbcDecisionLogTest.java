package dev.aigate.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcDecisionLogTest {

    private static final Instant T = Instant.parse("2026-02-01T10:00:00Z");

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void recordsReadsBackAndPrunesDecisionsAndOverrides(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcDecisionLog log = new JdbcDecisionLog(db.dataSource());
            ObjectMapper json = new ObjectMapper();
            OverrideRecord override = new OverrideRecord("acme/app", 7, "abc123", "maintainer", "hotfix, reviewed offline", T);
            log.record(override);
            log.record(new OverrideRecord("acme/app", 7, "older", "someone", "earlier head", T.minusSeconds(60)));

            DecisionRecord stored = log.record(new DecisionRecord(null, "acme/app", 7, "abc123", 99L, "agent",
                    json.readTree("[{\"signal\":\"co-author\",\"tier\":\"strong\",\"where\":\"commit abc\",\"matched\":\"Co-authored-by: Claude\",\"forgeable\":true}]"),
                    "large", json.readTree("{\"rules\":[{\"name\":\"ai-needs-two\",\"applied\":true,\"status\":\"pending\"}]}"),
                    "action_required", 1, log.forHead("acme/app", 7, "abc123"),
                    Map.of("load", 120L, "publish", 40L), T));
            log.record(new DecisionRecord(null, "acme/app", 7, "def456", 99L, "none", null, "small", null,
                    "success", 2, List.of(), Map.of(), T.plusSeconds(30)));

            assertTrue(stored.id() != null && stored.id() > 0);
            DecisionRecord read = log.byId(stored.id()).orElseThrow();
            assertEquals(stored, read);
            assertEquals("Co-authored-by: Claude", read.evidence().get(0).get("matched").asText());
            assertEquals(List.of(override), read.overrides());
            assertEquals(120L, read.timingsMillis().get("load"));

            assertEquals("def456", log.latest("acme/app", 7).orElseThrow().headSha(), "newest first");
            assertEquals(2, log.forPullRequest("acme/app", 7, 10).size());
            assertEquals(2, log.forPullRequest("acme/app", 7).size(), "overrides across heads");

            assertEquals(3, log.prune(T.plusSeconds(1)), "one decision and two overrides are older than the cut-off");
            assertEquals(List.of("def456"), log.forPullRequest("acme/app", 7, 10).stream().map(DecisionRecord::headSha).toList());
            assertEquals(List.of(), log.forPullRequest("acme/app", 7));
        }
    }

    /** A policy that did not load, or no policy at all, computes no provenance class: the decision is still kept. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDecisionWithoutAProvenanceClassIsRecordedWithItsPolicyProblems(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcDecisionLog log = new JdbcDecisionLog(db.dataSource());
            ObjectMapper json = new ObjectMapper();
            var policy = json.readTree("{\"state\":\"invalid\",\"location\":\"acme/app:.github/ai-gate.yml@main\","
                    + "\"problems\":[\".github/ai-gate.yml:3:7: expected a mapping\"]}");
            DecisionRecord broken = log.record(new DecisionRecord(null, "acme/app", 8, "abc123", 99L, null, json.createArrayNode(),
                    null, json.createArrayNode(), "failure", 0, List.of(), Map.of("total", 12L), T, policy));
            DecisionRecord none = log.record(new DecisionRecord(null, "acme/app", 9, "def456", 99L, null, null, null,
                    null, "neutral", 0, List.of(), Map.of(), T));

            DecisionRecord read = log.byId(broken.id()).orElseThrow();
            assertNull(read.provenanceClass());
            assertEquals("failure", read.conclusion());
            assertEquals(".github/ai-gate.yml:3:7: expected a mapping", read.policyResult().path("problems").get(0).asText());
            assertEquals(broken, read);
            assertNull(log.byId(none.id()).orElseThrow().policyResult(), "a record may leave the policy out");
            assertEquals("neutral", log.latest("acme/app", 9).orElseThrow().conclusion());
        }
    }

    /** V5: what the evaluation saw of the pull request (title, author, branches) comes back as it was, on both stores. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void keepsWhatWasSeenOfThePullRequest(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcDecisionLog log = new JdbcDecisionLog(db.dataSource());
            ObjectMapper json = new ObjectMapper();
            var pr = json.createObjectNode().put("title", "<script>x</script> \u202eé漢 'quoted'")
                    .put("author", "copilot-swe-agent[bot]").put("head_ref", "\"><img src=x>").put("base_ref", "main")
                    .put("draft", true);
            DecisionRecord stored = log.record(new DecisionRecord(null, "acme/app", 10, "abc", 99L, "agent", null, null,
                    null, "failure", 0, List.of(), Map.of(), T, null, "enforce", "failure", pr));
            DecisionRecord read = log.byId(stored.id()).orElseThrow();
            assertEquals(pr, read.pullRequest());
            assertEquals(stored.pullRequest(), read.pullRequest());
            DecisionRecord older = log.record(new DecisionRecord(null, "acme/app", 10, "abd", 99L, "agent", null, null,
                    null, "failure", 0, List.of(), Map.of(), T.minusSeconds(5)));
            assertNull(log.byId(older.id()).orElseThrow().pullRequest(), "a record may leave it out");
        }
    }
}
