package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.store.OverrideStore;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check run's "Override" button: honoured for maintainers, refused and explained for others. */
@MicronautTest
class OverrideEndToEndTest extends EndToEndTestBase {

    @Inject
    OverrideStore overrides;

    /** GitHub's requested_action example, pointed at our run on PR #2 and at the Override button. */
    private ObjectNode click(String login) {
        ObjectNode payload = Fixtures.webhook("check_run", "requested_action.1");
        payload.with("repository").put("full_name", FakeGitHub.REPO).put("name", "Hello-World");
        ObjectNode run = payload.with("check_run");
        run.put("head_sha", github.headSha()).put("name", "ai-gate");
        run.with("app").put("id", Long.parseLong(APP_ID));
        run.putArray("pull_requests").addObject().put("number", 2).putObject("base").putObject("repo").put("name", "Hello-World");
        payload.with("requested_action").put("identifier", "override");
        payload.with("sender").put("login", login);
        return payload;
    }

    private void stubPermission(String login, String permission, String role) {
        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/collaborators/" + login + "/permission"))
                .willReturn(json(200, "{\"permission\":\"" + permission + "\",\"role_name\":\"" + role + "\"}")));
    }

    private JsonNode failingAgentPullRequest() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        JsonNode first = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", first.path("conclusion").asText());
        assertTrue(first.path("actions").toString().contains("\"override\""), "the failing run offers Override");
        return first;
    }

    @Test
    void aMaintainersOverrideIsHonouredAndRecorded() throws Exception {
        failingAgentPullRequest();
        stubPermission("octo-maintainer", "write", "maintain");

        assertEquals(202, webhooks.send("check_run", Fixtures.toBytes(click("octo-maintainer"))).statusCode());

        JsonNode second = github.awaitCompletions(2, Duration.ofSeconds(20)).get(1);
        assertEquals("success", second.path("conclusion").asText(), second.toString());
        assertTrue(second.path("output").path("summary").asText().contains("octo-maintainer"), second.toString());
        var recorded = overrides.forHead(FakeGitHub.REPO, 2, github.headSha());
        assertEquals(1, recorded.size());
        assertEquals("octo-maintainer", recorded.get(0).actor());
        assertFalse(recorded.get(0).reason().isBlank(), "why is recorded");
    }

    @Test
    void aNonMaintainersOverrideIsRefusedAndExplained() throws Exception {
        failingAgentPullRequest();
        stubPermission("octo-writer", "write", "write");

        assertEquals(202, webhooks.send("check_run", Fixtures.toBytes(click("octo-writer"))).statusCode());

        JsonNode second = github.awaitCompletions(2, Duration.ofSeconds(20)).get(1);
        assertEquals("failure", second.path("conclusion").asText());
        String summary = second.path("output").path("summary").asText();
        // Shown as text, not as a mention: the note goes through the same escaping as everything else.
        assertTrue(summary.contains("<span>@</span>octo-writer was refused"), summary);
        assertTrue(summary.contains("admin or maintain"), summary);
        assertEquals(List.of(), overrides.forHead(FakeGitHub.REPO, 2, github.headSha()));
    }

    @Test
    void theReevaluateButtonReevaluates() throws Exception {
        failingAgentPullRequest();
        ObjectNode again = click("anyone");
        again.with("requested_action").put("identifier", "reevaluate");
        github.stubReviews(2, "hubot:APPROVED");
        assertEquals(202, webhooks.send("check_run", Fixtures.toBytes(again)).statusCode());
        assertEquals("success", github.awaitCompletions(2, Duration.ofSeconds(20)).get(1).path("conclusion").asText());
    }
}
