package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.github.WriteBudget;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write budget's priorities through the whole server: with the refresh share of an installation's budget
 * used, a first verdict is still published at once (it may use the reserve), while a refresh of the same conclusion
 * waits for the budget and is then published, not dropped.
 */
@MicronautTest
class WriteBudgetEndToEndTest extends EndToEndTestBase {

    /** Two approvals for agents, so that one approval changes the text but not the conclusion. */
    static final String TWO_APPROVALS = """
            version: 1
            rules:
              - name: Agent-written code needs two human reviewers
                if: { provenance: [agent, assisted] }
                require: { approvals: { count: 2 } }
            """;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        // 4 writes a (30 s) minute, half of them kept for verdicts: refreshes get 2.
        return Map.of("aigate.github.write-budget.per-minute", "4", "aigate.github.write-budget.reserve", "50",
                "aigate.github.write-budget.minute", "30s");
    }

    @Test
    void aFirstVerdictUsesTheReserveAndARefreshWaitsForTheBudget() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), TWO_APPROVALS);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        WriteBudget budget = context.getBean(WriteBudget.class);
        // Other writes of the installation (labels, review requests) have used the refresh share of this minute.
        budget.acquire(FakeGitHub.INSTALLATION, WriteBudget.Priority.REFRESH, 2);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        JsonNode first = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", first.path("conclusion").asText());
        assertTrue(first.path("output").path("title").asText().contains("Needs 2 more approvals"), first.toString());
        assertEquals(0.0, deferrals(registry, "verdict"), "the first verdict was not held back");

        // One approval: still failing, with other text: a refresh, and the refresh share is used up (again, however
        // long the first evaluation took on a busy machine).
        while (budget.tryAcquire(FakeGitHub.INSTALLATION, WriteBudget.Priority.REFRESH)) {
            // taking what is left of the refresh share
        }
        github.stubReviews(2, "hubot:APPROVED");
        webhooks.send("pull_request_review", Fixtures.bytes("github/webhooks/pull_request_review/submitted.2.json"));
        eventually("the refresh is deferred").until(() -> deferrals(registry, "refresh") >= 1);
        assertEquals(1, github.completions().size(), "nothing written while the budget is used");

        List<JsonNode> done = github.awaitCompletions(2, Duration.ofSeconds(60));
        JsonNode refreshed = done.get(1);
        assertEquals("failure", refreshed.path("conclusion").asText());
        assertTrue(refreshed.path("output").path("title").asText().contains("Needs 1 more approval"), refreshed.toString());
        awaitQueueEmpty();
        assertEquals(2, github.checkRunWrites().size(), "created once, updated once");
    }

    private static double deferrals(MeterRegistry registry, String priority) {
        Counter c = registry.find("aigate.github.write.deferrals").tag("priority", priority).counter();
        return c == null ? 0 : c.count();
    }
}
