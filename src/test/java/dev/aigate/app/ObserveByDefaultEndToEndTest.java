package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code AIGATE_DEFAULT_MODE=observe}: an organisation-wide trial, unless a policy says {@code mode: enforce}. */
@MicronautTest
class ObserveByDefaultEndToEndTest extends EndToEndTestBase {

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.default-mode", "observe", "aigate.queue.max-attempts", "2",
                "aigate.queue.backoff-base", "100ms", "aigate.queue.poll-interval", "50ms");
    }

    @Test
    void aPolicyThatSetsNoModeIsObserved() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), null); // the server default policy

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("neutral", done.path("conclusion").asText(), done.toString());
        assertTrue(done.path("output").path("title").asText().startsWith("Observe mode · would block: needs 1 more approval"),
                done.toString());
    }

    @Test
    void aPolicyThatSaysEnforceIsEnforced() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"),
                POLICY.replace("version: 1\n", "version: 1\nmode: enforce\n"));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        assertEquals("failure", github.awaitCompletions(1, Duration.ofSeconds(20)).get(0).path("conclusion").asText());
    }

    @Test
    void anUnknownDefaultModeStopsTheServerWithTheVariableNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluatePullRequest.defaultMode("audit"));
        assertEquals("AIGATE_DEFAULT_MODE: mode must be observe or enforce, got 'audit'", e.getMessage());
    }

    @Test
    void aParkedPullRequestGetsNoFailingCheckRun() throws Exception {
        deliverUntilParked("/pulls/2/files", null); // the server default policy
        awaitQueueEmpty(); // the worker is idle: the parked job's hook has run
        assertEquals(List.of(), github.completions().stream().filter(b -> "completed".equals(b.path("status").asText())).toList(),
                "observe mode blocks nothing, so a parked evaluation posts no failure either");
    }
}
