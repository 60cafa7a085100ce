package dev.aigate.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.store.DecisionLog;
import dev.aigate.store.DecisionRecord;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.web.auth.Sessions;
import dev.aigate.web.auth.SignIn;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From webhook to details page: the pipeline records what it saw of the pull request with the decision (title,
 * author, branches: V5), and the details page of a signed-in reader shows that evaluation, escaped.
 */
@MicronautTest
class DetailsAfterWebhookEndToEndTest extends EndToEndTestBase {

    static final String TITLE = "Speed up <b>lookups</b> \"now\"";

    @Inject
    DecisionLog decisions;
    @Inject
    SignIn signIn;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.github.client-id", "Iv1.x", "aigate.github.client-secret", "s");
    }

    @Test
    void theDecisionKeepsThePullRequestsTitleAndTheDetailsPageShowsIt() throws Exception {
        ObjectNode pr = github.pullRequest("Copilot", COPILOT_ID, "Bot");
        pr.put("title", TITLE);
        ((ObjectNode) pr.get("head")).put("ref", "copilot/<lookups>");
        // The person who assigned the Copilot agent started it: the page names them.
        pr.putArray("assignees").addObject().put("login", "octocat").put("id", 583231).put("type", "User");
        github.stubTypicalPullRequest(pr, POLICY);
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(20));
        DecisionRecord d = awaitDecision(github.headSha());
        assertEquals(TITLE, d.pullRequest().path("title").asText());
        assertEquals("Copilot", d.pullRequest().path("author").asText());
        assertEquals("copilot/<lookups>", d.pullRequest().path("head_ref").asText());
        assertEquals("master", d.pullRequest().path("base_ref").asText());
        assertEquals("octocat", d.pullRequest().path("initiator").path("login").asText(), d.pullRequest().toString());

        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO))
                .withHeader("Authorization", equalTo("Bearer ghu_reader"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
        String cookie = Sessions.cookie(signIn.sealer().orElseThrow(), new Sessions.Session(9, "reader", "ghu_reader"),
                false).getValue();
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURL()
                        + "/pulls/" + FakeGitHub.REPO + "/" + d.pr())).header("Cookie", Sessions.COOKIE + "=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Speed up &lt;b&gt;lookups&lt;/b&gt; &quot;now&quot;"), page.body());
        assertFalse(page.body().contains("<b>lookups"));
        assertTrue(page.body().contains("<code id=\"headRef\">copilot/&lt;lookups&gt;</code>"));
        assertTrue(page.body().contains(github.headSha().substring(0, 7)));
        assertTrue(page.body().contains("Who must act now"));
        assertTrue(page.body().contains("<p id=\"initiator\">Started by <strong>octocat</strong>"), page.body());
    }

    private DecisionRecord awaitDecision(String head) {
        return eventually("a decision recorded for " + head).atMost(Duration.ofSeconds(10))
                .until(() -> decisions.latest(FakeGitHub.REPO, 2).filter(r -> head.equals(r.headSha())), Optional::isPresent)
                .orElseThrow();
    }
}
