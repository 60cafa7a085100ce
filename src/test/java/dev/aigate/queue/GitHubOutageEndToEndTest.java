package dev.aigate.queue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GitHub answers 502 for 30 seconds, then recovers. With the default attempt limit (10) and
 * exponential backoff (here from 1 s), the work rides the outage out: it completes soon after
 * GitHub is back, is never parked, and never hammers GitHub while it is down. The 30 seconds pass
 * on the server's clock, moved by the test once nothing is running or due, not on the wall.
 */
@MicronautTest
class GitHubOutageEndToEndTest extends EndToEndTestBase {

    static final String FILES = "/repos/" + FakeGitHub.REPO + "/pulls/2/files";

    private final MutableClock clock = new MutableClock(Instant.now());

    @Inject
    WorkQueue queue;

    @MockBean(Clock.class)
    Clock clock() {
        return clock;
    }

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.queue.backoff-base", "1s", "aigate.queue.poll-interval", "100ms");
    }

    /** The server's clock moves in half-second steps. */
    private static final Duration STEP = Duration.ofMillis(500);

    /** The statuses the fake answered the files listing with, oldest first. */
    private List<Integer> filesStatuses() {
        List<Integer> statuses = new java.util.ArrayList<>(github.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(FILES)).map(e -> e.getResponse().getStatus()).toList());
        java.util.Collections.reverse(statuses);
        return statuses;
    }

    @Test
    void aThirtySecondOutageIsRiddenOut() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        StubMapping outage = github.stub(WireMock.get(urlPathEqualTo(FILES)).atPriority(1)
                .willReturn(json(502, "{\"message\":\"Bad Gateway\"}")));

        Instant outageEnds = clock.instant().plusSeconds(30);
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        passTime(clock, STEP, outageEnds, () -> false);
        awaitNothingDue();
        assertEquals(0, queue.stats().parked(), "nothing parked during the outage");
        int duringOutage = github.requests(r -> r.getUrl().startsWith(FILES)).size();
        // Exactly the outage's stub: the fake's 304 answers are at the same priority.
        github.server().removeStub(outage);

        // Backoff from 1 s doubles to 16 s: the next attempt is due within 32 s of the last one.
        passTime(clock, STEP, outageEnds.plusSeconds(40), () -> !github.completions().isEmpty()
                && github.completions().stream().anyMatch(b -> "completed".equals(b.path("status").asText())));
        assertTrue(github.completions().stream().anyMatch(b -> "completed".equals(b.path("status").asText())),
                () -> "no verdict " + Duration.between(outageEnds, clock.instant()).toSeconds() + " s after GitHub came back;"
                        + " files answered " + filesStatuses()
                        + "; work:" + describeWork());
        assertEquals("failure", github.awaitCompletions(1, Duration.ofSeconds(10)).get(0).path("conclusion").asText(),
                "the verdict, once GitHub is back");
        int tries = github.requests(r -> r.getUrl().startsWith(FILES)).size();
        assertTrue(duringOutage >= 4 && duringOutage <= 7, "backed off exponentially through 30 s: " + duringOutage + " requests");
        assertEquals(duringOutage + 1, tries, "one more request, once GitHub is back");
        assertEquals(0, queue.stats().parked());
        assertEquals(List.of(), github.unmatched());
    }
}
