package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.store.DecisionLog;
import dev.aigate.store.DecisionRecord;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

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
 * A repository policy in observe mode posts a neutral check that says what it would decide, records both verdicts,
 * and a push that switches it to enforce re-evaluates the open pull requests: the neutral check becomes a failure.
 */
@MicronautTest
class ObserveModeEndToEndTest extends EndToEndTestBase {

    static final String OBSERVED = POLICY.replace("version: 1\n", "version: 1\nmode: observe\n");
    static final String ENFORCED = POLICY.replace("version: 1\n", "version: 1\nmode: enforce\n");

    @Inject
    DecisionLog decisions;

    @Test
    void anObservedPolicyPostsANeutralCheckThatSaysWhatItWouldBlockAndRecordsBothVerdicts() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), OBSERVED);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("neutral", done.path("conclusion").asText(), done.toString());
        String title = done.path("output").path("title").asText();
        assertTrue(title.startsWith("Observe mode · would block: needs 1 more approval"), title);
        assertTrue(done.path("output").path("summary").asText().contains("Enforced, it would conclude **failure**"),
                done.toString());
        DecisionRecord decision = awaitDecision();
        assertEquals("neutral", decision.conclusion());
        assertEquals("observe", decision.mode());
        assertEquals("failure", decision.wouldConclusion());
        assertTrue(decisions.wouldHaveBlocked(Instant.EPOCH) >= 1);
    }

    @Test
    void switchingFromObserveToEnforceOnTheDefaultBranchTurnsTheNeutralCheckIntoAFailure() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), OBSERVED);
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        assertEquals("neutral", github.awaitCompletions(1, Duration.ofSeconds(20)).get(0).path("conclusion").asText());

        github.stubRepoPolicy(ENFORCED);
        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls"))
                .willReturn(json(200, "[{\"number\":2,\"state\":\"open\"}]")));
        ObjectNode push = Fixtures.JSON.createObjectNode();
        push.put("ref", "refs/heads/master");
        push.putObject("repository").put("full_name", FakeGitHub.REPO).put("default_branch", "master");
        push.putArray("commits").addObject().putArray("modified").add(".github/ai-gate.yml");
        push.putObject("installation").put("id", FakeGitHub.INSTALLATION);
        assertEquals(202, webhooks.send("push", Fixtures.toBytes(push)).statusCode());

        List<JsonNode> done = github.awaitCompletions(2, Duration.ofSeconds(20));
        JsonNode enforced = done.get(1);
        assertEquals("failure", enforced.path("conclusion").asText(), enforced.toString());
        assertTrue(enforced.path("output").path("title").asText().startsWith("Needs 1 more approval"), enforced.toString());
        Map<Long, JsonNode> runs = github.lastCheckRunUpdates();
        assertEquals(1, runs.size(), "the same check run is updated");
        assertEquals("failure", runs.values().iterator().next().path("conclusion").asText());
    }

    /** The decision is recorded just after the check run is published. */
    private DecisionRecord awaitDecision() throws InterruptedException {
        eventually("a decision recorded for #2")
                .until(() -> decisions.latest(FakeGitHub.REPO, 2).filter(d -> github.headSha().equals(d.headSha())).isPresent());
        return decisions.latest(FakeGitHub.REPO, 2).orElseThrow();
    }
}
