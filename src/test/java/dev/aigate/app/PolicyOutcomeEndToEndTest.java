package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.queue.WorkTarget;
import dev.aigate.store.DecisionLog;
import dev.aigate.store.DecisionRecord;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluations that compute no provenance class: a repository policy that does not load (the check fails closed),
 * and, with {@code AIGATE_DEFAULT_POLICY=none}, a repository without any policy (a neutral check). Either is an
 * outcome, not a failure: it is published, recorded in the decision log, and the job is done after one attempt.
 */
@MicronautTest
class PolicyOutcomeEndToEndTest extends EndToEndTestBase {

    static final String BROKEN = "version: 1\nrules:\n  - name: agents need review\n    if: { provenance: [agent\n";

    @Inject
    DecisionLog decisions;

    @Inject
    DataSource dataSource;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.default-policy", "none");
    }

    @Test
    void aPolicyThatDoesNotLoadFailsClosedIsRecordedAndIsNotRetried() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), BROKEN);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        String output = done.path("output").toString();
        assertTrue(output.contains(".github/ai-gate.yml:5:1"), "the error is located: " + output);

        Map<String, Object> job = awaitSettled();
        assertEquals("idle", job.get("state"), "done, not waiting for a retry: " + job);
        assertNull(job.get("last_error"), "no failure recorded: " + job);
        assertEquals(1, pullRequestReads(), "evaluated once");

        DecisionRecord decision = decisions.latest(FakeGitHub.REPO, 2).orElseThrow();
        assertEquals(github.headSha(), decision.headSha());
        assertEquals("failure", decision.conclusion());
        assertNull(decision.provenanceClass(), "no class was computed");
        assertEquals("invalid", decision.policyResult().path("state").asText(), decision.policyResult().toString());
        assertTrue(decision.policyResult().path("problems").get(0).asText().startsWith(".github/ai-gate.yml:5:1"),
                decision.policyResult().toString());
    }

    @Test
    void noPolicyAtAllGivesANeutralCheckIsRecordedAndIsNotRetried() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), null);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("neutral", done.path("conclusion").asText(), done.toString());

        Map<String, Object> job = awaitSettled();
        assertEquals("idle", job.get("state"), "done, not waiting for a retry: " + job);
        assertNull(job.get("last_error"), "no failure recorded: " + job);
        assertEquals(1, pullRequestReads(), "evaluated once");

        DecisionRecord decision = decisions.latest(FakeGitHub.REPO, 2).orElseThrow();
        assertEquals(github.headSha(), decision.headSha());
        assertEquals("neutral", decision.conclusion());
        assertNull(decision.provenanceClass());
        assertEquals("none", decision.policyResult().path("state").asText(), decision.policyResult().toString());
    }

    private long pullRequestReads() {
        String path = "/repos/" + FakeGitHub.REPO + "/pulls/2";
        return github.requests(r -> r.getMethod().getName().equals("GET") && r.getUrl().equals(path)).size();
    }

    /** Waits until the pull request's job finished its run: done (idle) or failed (an error recorded). */
    private Map<String, Object> awaitSettled() throws Exception {
        String key = WorkTarget.pullRequest(FakeGitHub.INSTALLATION, FakeGitHub.REPO, 2).key();
        return eventually("the job of " + key + " finishes a run")
                .until(() -> job(key), row -> "idle".equals(row.get("state")) || row.get("last_error") != null);
    }

    private Map<String, Object> job(String key) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state, attempts, last_error FROM aigate_work WHERE job_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Object> row = new LinkedHashMap<>();
                if (rs.next()) {
                    row.put("state", rs.getString(1));
                    row.put("attempts", rs.getInt(2));
                    row.put("last_error", rs.getString(3));
                }
                return row;
            }
        }
    }
}
