package dev.aigate.queue;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GitHub answers 502 for 30 seconds, then recovers. With the default attempt limit (10) and
 * exponential backoff (here from 1 s), the work rides the outage out: it completes soon after
 * GitHub is back, is never parked, and never hammers GitHub while it is down.
 */
@MicronautTest
class GitHubOutageEndToEndTest extends EndToEndTestBase {

    static final String FILES = "/repos/" + FakeGitHub.REPO + "/pulls/2/files";

    @Inject
    WorkQueue queue;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.queue.backoff-base", "1s", "aigate.queue.poll-interval", "100ms");
    }

    @Test
    void aThirtySecondOutageIsRiddenOut() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        github.stub(WireMock.get(urlPathEqualTo(FILES)).atPriority(1).willReturn(json(502, "{\"message\":\"Bad Gateway\"}")));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        Thread.sleep(30_000);
        assertEquals(0, queue.stats().parked(), "nothing parked during the outage");
        github.server().removeStub(github.server().getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == 1).findFirst().orElseThrow());

        assertEquals("failure", github.awaitCompletions(1, Duration.ofSeconds(60)).get(0).path("conclusion").asText(),
                "the verdict, once GitHub is back");
        int tries = github.requests(r -> r.getUrl().startsWith(FILES)).size();
        assertTrue(tries >= 4 && tries <= 8, "backed off exponentially through 30 s: " + tries + " requests");
        assertEquals(0, queue.stats().parked());
        assertEquals(List.of(), github.unmatched());
    }
}
