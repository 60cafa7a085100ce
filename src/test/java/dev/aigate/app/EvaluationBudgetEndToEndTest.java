package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunText;
import dev.aigate.queue.QueueStats;
import dev.aigate.queue.WorkQueue;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A policy whose rules cost more than the configured budget: the check fails closed saying so,
 * and the job is done, not retried (the same policy would run out again).
 */
@MicronautTest
class EvaluationBudgetEndToEndTest extends EndToEndTestBase {

    private static final String POLICY = """
            version: 1
            rules:
              - name: java changes
                if: { changed_files: ["src/**/*.java"] }
                require: { approvals: 1 }
            """;

    @Inject
    WorkQueue queue;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        // a step budget smaller than matching one path costs: deterministic, unlike a time limit
        return Map.of("aigate.evaluation.budget-steps", "5");
    }

    @Test
    void aPolicyOverTheBudgetFailsClosedAndIsNotRetried() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Codertocat", 21031067, "User"), POLICY);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        assertEquals(CheckRunText.TITLE_OVER_BUDGET + " · simplify its patterns", done.path("output").path("title").asText());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("The evaluation exceeded its budget (5000 ms / 5 steps) in rule java changes"), summary);

        QueueStats stats = eventually("the job finishes").until(queue::stats, s -> s.depth() == 0);
        assertEquals(0, stats.parked(), stats.toString());
        assertEquals(1, github.completions().size(), "one evaluation, no retry");
    }
}
