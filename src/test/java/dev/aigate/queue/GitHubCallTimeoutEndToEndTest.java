package dev.aigate.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.aigate.testing.Eventually.eventually;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A GitHub response that drips a few bytes now and then never trips the per-read timeout. With one worker, such a
 * response would hold the queue; the call deadline ({@code AIGATE_GITHUB_CALL_TIMEOUT}) cuts it off, the evaluation
 * is retried later like any GitHub failure, and the worker takes the next job meanwhile.
 */
@MicronautTest
class GitHubCallTimeoutEndToEndTest extends EndToEndTestBase {

    static final String FILES = "/repos/" + FakeGitHub.REPO + "/pulls/2/files";

    @Inject
    WorkQueue queue;

    @Inject
    DataSource dataSource;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of(
                "aigate.github.call-timeout", "2s",
                "aigate.queue.concurrency", "1",
                "aigate.queue.poll-interval", "50ms",
                "aigate.queue.coalesce-window", "100ms",
                "micronaut.server.port", "-1");
    }

    @Test
    void aDribblingResponseIsCutOffAndRetriedWhileTheWorkerMovesOn() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        // The first listing of #2's files comes as 10 chunks over two minutes; later ones at once.
        github.stub(WireMock.get(urlPathEqualTo(FILES)).atPriority(1).inScenario("dribble")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "[" + "{\"filename\":\"a.txt\",\"status\":\"added\"},".repeat(50) + "{}]")
                        .withChunkedDribbleDelay(10, 120_000))
                .willSetStateTo("fast"));
        ObjectNode third = github.pullRequest("Codertocat", 21031067, "User");
        third.put("number", 3);
        github.stubTypicalPullRequest(third, POLICY);

        WorkTarget slow = WorkTarget.pullRequest(FakeGitHub.INSTALLATION, FakeGitHub.REPO, 2);
        WorkTarget next = WorkTarget.pullRequest(FakeGitHub.INSTALLATION, FakeGitHub.REPO, 3);
        queue.enqueue(List.of(slow));

        String error = awaitError(slow.key());
        assertTrue(error.contains("timeout"), "the call deadline cut the response off: " + error);

        queue.enqueue(List.of(next));
        github.awaitCompletions(2, Duration.ofSeconds(30));
        assertTrue(github.requests(r -> r.getUrl().startsWith(FILES)).size() >= 2, "the timed-out evaluation was retried");
        assertEquals(0, queue.stats().parked(), "a timeout is a GitHub failure, retried, not parked");
    }

    /** Waits for the job's first recorded failure. */
    private String awaitError(String key) throws Exception {
        // Held forever by a call without a timeout, the worker would never record this: the deadline names the hang.
        return eventually("a failure recorded for " + key + " (else the worker is still held)").until(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT last_error FROM aigate_work WHERE job_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }, java.util.Objects::nonNull);
    }
}
