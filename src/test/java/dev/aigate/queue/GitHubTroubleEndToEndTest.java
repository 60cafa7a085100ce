package dev.aigate.queue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.EndToEndTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.aigate.testing.Eventually.eventually;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable queue inside the whole server, against a fake GitHub that fails: an outage of 502s that then
 * recovers (nothing parked, retries spaced out), and a primary then a secondary rate limit (work waits for the
 * reset and for Retry-After, one request each, no hot loop).
 */
@MicronautTest
class GitHubTroubleEndToEndTest extends EndToEndTestBase {

    static final String FILES = "/repos/" + FakeGitHub.REPO + "/pulls/2/files";

    @Inject
    WorkQueue queue;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of(
                "aigate.queue.backoff-base", "250ms",
                "aigate.queue.backoff-max", "1s",
                "aigate.queue.max-attempts", "8",
                "aigate.queue.poll-interval", "50ms",
                "aigate.queue.coalesce-window", "100ms",
                "micronaut.server.port", "-1");
    }

    @BeforeEach
    void stubThePullRequest() {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
    }

    @Test
    void anOutageIsRiddenOutWithoutParkingOrHammering() throws Exception {
        github.stub(WireMock.get(urlPathEqualTo(FILES)).atPriority(1)
                .willReturn(json(502, "{\"message\":\"Bad Gateway\"}")));
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        // The outage lasts four failed attempts (about two seconds of backoff), however fast or slow this machine
        // is; a fixed five-second outage raced the eight attempts' total backoff (about five seconds with jitter).
        eventually("four attempts").until(() -> github.requests(r -> r.getUrl().startsWith(FILES)).size() >= 4);
        github.server().removeStub(github.server().getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == 1).findFirst().orElseThrow());

        github.awaitCompletions(1, Duration.ofSeconds(20));
        int tries = github.requests(r -> r.getUrl().startsWith(FILES)).size();
        // Four failures, then one success (a fifth failure only if an attempt was in flight as the outage ended).
        assertTrue(tries >= 5 && tries <= 6, "one request per attempt, no hammering: " + tries + " requests");
        assertEquals(0, queue.stats().parked(), "nothing parked");
        assertEquals(List.of(), github.unmatched());
    }

    @Test
    void rateLimitsDeferUntilTheResetAndRetryAfter() throws Exception {
        long reset = Instant.now().plusSeconds(2).getEpochSecond() + 1;
        github.stub(WireMock.get(urlPathEqualTo(FILES)).atPriority(1).inScenario("limits")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(403, "{\"message\":\"API rate limit exceeded\"}")
                        .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", Long.toString(reset)))
                .willSetStateTo("secondary"));
        github.stub(WireMock.get(urlPathEqualTo(FILES)).atPriority(1).inScenario("limits")
                .whenScenarioStateIs("secondary")
                .willReturn(json(429, "{\"message\":\"You have exceeded a secondary rate limit\"}")
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("fine"));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(30));

        List<LoggedRequest> calls = github.requests(r -> r.getUrl().startsWith(FILES)).stream()
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertEquals(3, calls.size(), "one request per limit, then success: no hot loop");
        long secondAt = calls.get(1).getLoggedDate().getTime();
        long thirdAt = calls.get(2).getLoggedDate().getTime();
        assertTrue(secondAt >= reset * 1000, "waited for X-RateLimit-Reset");
        assertTrue(thirdAt - secondAt >= 1000, "waited for Retry-After");
        assertEquals(0, queue.stats().parked());
    }
}
