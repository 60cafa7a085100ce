package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.testing.ContentCreationLimit;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.queue.MutableClock;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
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
 * 300 pull requests of one installation evaluated in a burst, against a fake GitHub that enforces GitHub's
 * documented content-creation limits (80 writes a minute, 500 an hour) and answers 403 "secondary rate limit" beyond
 * them. Time is scaled on both sides by the same factor (a "minute" of {@value #MINUTE_MS} ms, an hour of 60 of them),
 * the server keeping its default budget of 70 and 450. No write is refused, and every pull request ends with its
 * correct check run: the budget deferred the writes that did not fit, it did not drop them.
 *
 * <p>Time is the server's clock, shared with the fake's limit and moved by the test once nothing is running or due,
 * not the wall: on the wall a slow machine spread the evaluations over enough "minutes" that none had to wait, and
 * the test could not tell a budget that defers from one that is never reached.
 */
@MicronautTest
class WriteBurstEndToEndTest extends EndToEndTestBase {

    static final int PULLS = 300;
    static final long MINUTE_MS = 4000;
    /** Set before the fake GitHub is made (a field initialiser of the base class asks for it). */
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    ContentCreationLimit limit;

    @MockBean(Clock.class)
    Clock clock() {
        return CLOCK;
    }

    @Override
    protected FakeGitHub newFakeGitHub() {
        limit = new ContentCreationLimit(80, 500, Duration.ofMillis(MINUTE_MS), CLOCK);
        return new FakeGitHub(limit);
    }

    /**
     * The in-progress marker waits on the wall clock, not the server's; it is moved out of reach so that a slow
     * evaluation on a loaded machine does not add a write this test counts.
     */
    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.github.write-budget.minute", MINUTE_MS + "ms",
                "aigate.queue.concurrency", "16",
                "aigate.check-run.in-progress-after", "10m");
    }


    static String head(int n) {
        return String.format("%040x", 0xb0057000L + n);
    }

    /** Every third pull request was opened by the Copilot agent and needs an approval; the others pass. */
    static boolean agent(int n) {
        return n % 3 == 0;
    }

    @Test
    void aBurstOfThreeHundredPullRequestsStaysUnderTheSecondaryLimitsAndEveryOneEndsCorrect() throws Exception {
        ObjectNode example = (ObjectNode) Fixtures.webhook("pull_request", "opened.2").get("pull_request");
        for (int n = 1; n <= PULLS; n++) {
            ObjectNode pr = example.deepCopy();
            pr.put("number", n);
            ((ObjectNode) pr.get("head")).put("sha", head(n));
            ((ObjectNode) pr.get("user")).put("login", agent(n) ? "Copilot" : "Codertocat")
                    .put("id", agent(n) ? COPILOT_ID : 21031067).put("type", agent(n) ? "Bot" : "User");
            github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls/" + n)).willReturn(json(200, pr.toString())));
        }
        github.stubEvaluationReadsForAnyPullRequest(0);
        github.stubCheckRunWritesForAnyHead();

        ObjectNode sync = Fixtures.webhook("pull_request", "synchronize.1");
        for (int n = 1; n <= PULLS; n++) {
            sync.put("number", n);
            ((ObjectNode) sync.get("pull_request")).put("number", n);
            HttpResponse<String> r = webhooks.send("pull_request", Fixtures.toBytes(sync));
            assertEquals(202, r.statusCode(), r.body());
        }
        awaitNothingDue();
        int firstMinute = github.completedHeads().size();
        Instant started = CLOCK.instant();
        // 300 writes at 70 a minute take five minutes; twice that is the bound.
        passTime(CLOCK, Duration.ofMillis(MINUTE_MS / 4), started.plusMillis(10 * MINUTE_MS),
                () -> github.completedHeads().size() >= PULLS || limit.refused() > 0);
        double minutes = Duration.between(started, CLOCK.instant()).toMillis() / (double) MINUTE_MS;
        awaitQueueEmpty();

        MeterRegistry registry = context.getBean(MeterRegistry.class);
        double deferred = registry.find("aigate.github.write.deferrals").counters().stream().mapToDouble(c -> c.count()).sum();
        System.out.printf("write burst: %d pull requests, %d writes (%d before the clock moved), then %.2f minutes on"
                        + " the server's clock: at most %d in one minute (GitHub's limit 80), %d refused, %.0f deferred"
                        + " by the budget%n",
                PULLS, limit.writes(), firstMinute, minutes, limit.busiestMinute(), limit.refused(), deferred);
        assertEquals(0, limit.refused(), "no write went over GitHub's secondary limit");
        assertTrue(limit.busiestMinute() <= 70, "no minute held more than the budget's 70: " + limit.busiestMinute());
        assertTrue(deferred > 0, "the burst was more than a minute's budget, so the budget deferred writes");
        Map<String, List<Long>> runsByHead = github.checkRunsByHead();
        Map<Long, JsonNode> last = github.lastCheckRunUpdates();
        for (int n = 1; n <= PULLS; n++) {
            List<Long> runs = runsByHead.getOrDefault(head(n), List.of());
            assertEquals(1, runs.size(), "#" + n + " has exactly one check run on its head, not " + runs);
            JsonNode run = last.get(runs.get(0));
            assertEquals("completed", run.path("status").asText(), "#" + n + " is completed");
            assertEquals(agent(n) ? "failure" : "success", run.path("conclusion").asText(), "#" + n + " is correct");
        }
        assertEquals(PULLS, limit.writes(), "one write per pull request");
        assertEquals(List.of(), github.unmatched().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList());
    }
}
