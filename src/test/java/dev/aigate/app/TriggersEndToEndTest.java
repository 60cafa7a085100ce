package dev.aigate.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.aigate.testing.FakeGitHub.json;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event that can change a verdict leads to an evaluation; the rest are answered and left
 * alone. Signed official payloads throughout (a few adjusted where the examples lack a field, e.g.
 * an installation block, noted per case).
 */
@MicronautTest
class TriggersEndToEndTest extends EndToEndTestBase {

    /** Requires the check run and the status the examples carry, so their events matter. */
    static final String POLICY_WITH_CHECKS = Fixtures.text("policies/agents-need-review-and-lint.yml");

    @ParameterizedTest(name = "{0}.{1} re-evaluates")
    @CsvSource({
        "pull_request, opened.2",
        "pull_request, reopened.1",
        "pull_request, synchronize.1",
        "pull_request, edited.derived",
        "pull_request, ready_for_review.2",
        "pull_request, labeled.1",
        "pull_request, unlabeled.1",
        "pull_request_review, submitted.2",
        "pull_request_review, dismissed.1",
    })
    void pullRequestEventsReevaluate(String event, String example) throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        HttpResponse<String> response = webhooks.send(event, Fixtures.bytes("github/webhooks/" + event + "/" + example + ".json"));
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("failure", github.awaitCompletions(1, Duration.ofSeconds(20)).get(0).path("conclusion").asText());
    }

    @Test
    void anEditedReviewReevaluates() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        ObjectNode edited = Fixtures.webhook("pull_request_review", "submitted.2");
        edited.put("action", "edited"); // the examples have no review edit; same payload, action changed
        assertEquals(202, webhooks.send("pull_request_review", Fixtures.toBytes(edited)).statusCode());
        github.awaitCompletions(1, Duration.ofSeconds(20));
    }

    @ParameterizedTest(name = "{0}.{1} re-evaluates the pull requests it lists")
    @CsvSource({"check_run, completed.1", "check_suite, completed.1", "check_suite, rerequested.1"})
    void finishedOrRerequestedChecksReevaluate(String event, String example) throws Exception {
        evaluateOnceUnder(POLICY_WITH_CHECKS);
        ObjectNode payload = Fixtures.webhook(event, example);
        payload.putObject("installation").put("id", FakeGitHub.INSTALLATION); // the examples were sent to a repository hook
        assertEquals(202, webhooks.send(event, Fixtures.toBytes(payload)).statusCode());
        github.awaitEvaluations(2, 2, Duration.ofSeconds(20));
    }

    @Test
    void aStatusReevaluatesTheOpenPullRequestsWhoseHeadItIs() throws Exception {
        evaluateOnceUnder(POLICY_WITH_CHECKS);
        ObjectNode status = Fixtures.webhook("status", "noaction.4");
        String sha = status.path("sha").asText();
        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/commits/" + sha + "/pulls"))
                .willReturn(json(200, "[{\"number\":2,\"state\":\"open\",\"head\":{\"sha\":\"" + sha + "\"}},"
                        + "{\"number\":3,\"state\":\"closed\",\"head\":{\"sha\":\"" + sha + "\"}}]")));
        assertEquals(202, webhooks.send("status", Fixtures.toBytes(status)).statusCode());
        github.awaitEvaluations(2, 2, Duration.ofSeconds(20));
        assertEquals(0, github.requests(r -> r.getUrl().contains("/pulls/3")).size(), "closed pull requests are left alone");
    }

    /** Evaluates PR #2 once, so the server learns the repository's current policy. */
    private void evaluateOnceUnder(String policy) throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), policy);
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(20));
    }

    @Test
    void aFinishedCheckNoPolicyWatchesIsDroppedBeforeAnyGitHubCall() throws Exception {
        evaluateOnceUnder(POLICY);
        github.server().resetRequests();

        ObjectNode payload = Fixtures.webhook("check_run", "completed.1");
        payload.putObject("installation").put("id", FakeGitHub.INSTALLATION);
        HttpResponse<String> response = webhooks.send("check_run", Fixtures.toBytes(payload));
        assertEquals(202, response.statusCode());
        assertTrue(response.body().contains("no policy of Codertocat/Hello-World watches check Octocoders-linter"),
                response.body());
        awaitQueueEmpty();
        assertEquals(List.of(), github.requests(r -> true));
    }

    @Test
    void aRerunOfOurOwnCheckReevaluates() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        ObjectNode rerun = Fixtures.webhook("check_run", "rerequested.1");
        rerun.with("repository").put("full_name", FakeGitHub.REPO);
        ObjectNode run = rerun.with("check_run");
        run.with("app").put("id", Long.parseLong(APP_ID));
        run.putArray("pull_requests").addObject().put("number", 2).putObject("base").putObject("repo").put("name", "Hello-World");
        assertEquals(202, webhooks.send("check_run", Fixtures.toBytes(rerun)).statusCode());
        github.awaitCompletions(1, Duration.ofSeconds(20));
    }

    @Test
    void aRerunOfAnotherAppsCheckIsIgnoredWithoutError() throws Exception {
        HttpResponse<String> response = webhooks.send("check_run", Fixtures.bytes("github/webhooks/check_run/rerequested.1.json"));
        assertEquals(202, response.statusCode());
        assertTrue(response.body().contains("another app"), response.body());
        awaitQueueEmpty();
        assertEquals(List.of(), github.requests(r -> true));
    }

    @Test
    void installingTheAppEvaluatesOpenPullRequests() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls"))
                .willReturn(json(200, "[{\"number\":2,\"state\":\"open\"}]")));
        assertEquals(202, webhooks.send("installation", Fixtures.bytes("github/webhooks/installation/created.1.json")).statusCode());
        github.awaitCompletions(1, Duration.ofSeconds(20));
    }

    @Test
    void addingRepositoriesEvaluatesTheirOpenPullRequests() throws Exception {
        github.stub(WireMock.get(urlPathEqualTo("/repos/Codertocat/Space/pulls")).willReturn(json(200, "[]")));
        assertEquals(202, webhooks.send("installation_repositories",
                Fixtures.bytes("github/webhooks/installation_repositories/added.1.json")).statusCode());
        awaitQueueEmpty();
        assertEquals(1, github.requests(r -> r.getUrl().startsWith("/repos/Codertocat/Space/pulls?state=open")).size());
    }

    @Test
    void aPolicyChangeOnTheDefaultBranchReevaluatesOpenPullRequests() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls"))
                .willReturn(json(200, "[{\"number\":2,\"state\":\"open\"}]")));
        ObjectNode push = Fixtures.JSON.createObjectNode();
        push.put("ref", "refs/heads/master");
        push.putObject("repository").put("full_name", FakeGitHub.REPO).put("default_branch", "master");
        push.putArray("commits").addObject().putArray("modified").add(".github/ai-gate.yml");
        push.putObject("installation").put("id", FakeGitHub.INSTALLATION);
        assertEquals(202, webhooks.send("push", Fixtures.toBytes(push)).statusCode());
        github.awaitCompletions(1, Duration.ofSeconds(20));
    }
}
