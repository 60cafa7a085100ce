package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opt-in requests a policy can make beyond the check run: a provenance label, and reviewers. */
@MicronautTest
class PolicyRequestsEndToEndTest extends EndToEndTestBase {

    static final String POLICY_WITH_REQUESTS = """
            version: 1
            labels_sync: { agent: "ai:agent", none: "ai:none" }
            rules:
              - name: Agent-written code needs a named reviewer
                if: { provenance: [agent] }
                require:
                  approvals: { count: 1, from: { users: [octo-reviewer, octocat] }, request_reviewers: true }
            """;

    private void stubWrites() {
        github.stub(WireMock.post(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/issues/2/labels"))
                .willReturn(json(200, "[]")));
        github.stub(WireMock.post(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls/2/requested_reviewers"))
                .willReturn(json(201, "{}")));
    }

    @Test
    void labelsAndReviewersAreRequestedOnlyWhereMissing() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY_WITH_REQUESTS);
        stubWrites();

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(20));
        awaitQueueEmpty();

        List<JsonNode> labels = github.requests(r -> r.getUrl().endsWith("/issues/2/labels")).stream()
                .map(r -> Fixtures.parse(r.getBodyAsString())).toList();
        assertEquals(1, labels.size());
        assertEquals("[\"ai:agent\"]", labels.get(0).path("labels").toString());
        List<JsonNode> reviewers = github.requests(r -> r.getUrl().endsWith("/requested_reviewers")).stream()
                .map(r -> Fixtures.parse(r.getBodyAsString())).toList();
        assertEquals(1, reviewers.size());
        // octocat is already requested on the example pull request, so only octo-reviewer is asked.
        assertEquals("[\"octo-reviewer\"]", reviewers.get(0).path("reviewers").toString());
    }

    @Test
    void withoutPermissionTheVerdictStillStands() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY_WITH_REQUESTS);
        github.stub(WireMock.post(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/issues/2/labels"))
                .willReturn(json(403, "{\"message\":\"Resource not accessible by integration\"}")));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText());
        awaitQueueEmpty();
        assertTrue(github.requests(r -> r.getUrl().endsWith("/requested_reviewers")).isEmpty(),
                "after a refusal no further writes are tried this round");
    }

    @Test
    void policiesThatAskNothingWriteNothing() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(20));
        awaitQueueEmpty();
        assertEquals(List.of(), github.requests(r -> r.getUrl().contains("/labels") || r.getUrl().contains("/requested_reviewers")));
    }
}
