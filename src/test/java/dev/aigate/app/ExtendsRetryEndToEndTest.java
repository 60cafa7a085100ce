package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@code extends} target that GitHub fails to serve (a 5xx) is a GitHub failure like any
 * other: the evaluation is retried, not failed with "check that it exists". Its own server, so no
 * job of another scenario shares the pull request's queue entry.
 */
@MicronautTest
class ExtendsRetryEndToEndTest extends EndToEndTestBase {

    @Test
    void aTargetGitHubFailsToServeIsRetriedNotReportedMissing() throws Exception {
        String shared = "/repos/Codertocat/.github/contents/policies/base.yml";
        github.stub(WireMock.get(urlPathEqualTo(shared)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(500, "{\"message\":\"Server Error\"}")).willSetStateTo("recovered"));
        github.stub(WireMock.get(urlPathEqualTo(shared)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json")
                        .withBody(POLICY)));

        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"),
                "version: 1\nextends: Codertocat/.github:policies/base.yml@v3\n");
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);

        assertEquals("failure", done.path("conclusion").asText(), "the inherited rule applies: " + done);
        assertFalse(String.join("\n", github.requests(r -> r.getUrl().contains("/check-runs")
                && !r.getMethod().getName().equals("GET")).stream().map(LoggedRequest::getBodyAsString).toList()).contains("cannot read the extended policy"), done.toString());
        assertTrue(done.path("output").path("title").asText().contains("approval"), done.toString());
        assertEquals(2, github.requests(r -> r.getUrl().startsWith(shared)).size(), "read again after the 500");
    }
}
