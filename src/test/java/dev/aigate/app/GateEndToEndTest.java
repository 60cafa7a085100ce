package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole gate, end to end: signed webhook in, {@code ai-gate} check run out, with GitHub faked
 * by WireMock serving GitHub's own example payloads. Any request the fake does not expect fails
 * the test.
 */
@MicronautTest
class GateEndToEndTest extends EndToEndTestBase {

    @Test
    void agentPullRequestFailsThenPassesOnceApproved() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);

        HttpResponse<String> accepted = webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        assertEquals(202, accepted.statusCode(), accepted.body());

        JsonNode first = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", first.path("conclusion").asText());
        assertTrue(first.path("output").path("title").asText().contains("Needs 1 more approval"), first.toString());
        assertTrue(first.path("output").path("summary").asText().contains("**Provenance:** **agent**"), first.toString());
        // A quick first evaluation writes once: the check run is created on the head SHA already completed.
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> writes = github.checkRunWrites();
        assertEquals(1, writes.size(), "one write for a first evaluation");
        JsonNode created = Fixtures.parse(writes.get(0).getBodyAsString());
        assertEquals("POST", writes.get(0).getMethod().getName());
        assertEquals("ai-gate", created.path("name").asText());
        assertEquals(github.headSha(), created.path("head_sha").asText());
        assertEquals("completed", created.path("status").asText());
        assertEquals("failure", created.path("conclusion").asText());

        github.stubReviews(2, "hubot:APPROVED");
        webhooks.send("pull_request_review", Fixtures.bytes("github/webhooks/pull_request_review/submitted.2.json"));

        JsonNode second = github.awaitCompletions(2, Duration.ofSeconds(20)).get(1);
        assertEquals("success", second.path("conclusion").asText(), second.toString());
    }

    @Test
    void pullRequestsSharingAHeadShareOneCheckRunWithTheStrictestVerdict() throws Exception {
        ObjectNode human = github.pullRequest("Codertocat", 21031067, "User");
        github.stubTypicalPullRequest(human, POLICY);
        // PR #3 is stacked on the same commit and was opened by an agent.
        ObjectNode stacked = human.deepCopy();
        stacked.put("number", 3);
        ((ObjectNode) stacked.get("user")).put("login", "Copilot").put("id", COPILOT_ID).put("type", "Bot");
        github.stubPullRequest(stacked);
        github.stubFiles(3, "src/main/java/App.java");
        github.stubCommits(3, "Refactor the greeting");
        github.stubReviews(3);
        github.stubPullsWithHead(2, 3);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), "the stricter verdict of #3 wins");
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("#2") && summary.contains("#3"), summary);
        assertEquals(1, github.requests(r -> r.getMethod().getName().equals("POST") && r.getUrl().endsWith("/check-runs")).size(),
                "one check run for the shared commit");
    }

    @Test
    void aPolicyExtendsASharedOneReadThroughTheInstallation() throws Exception {
        String local = "version: 1\nextends: Codertocat/.github:policies/base.yml@v3\n";
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), local);
        github.stubGet("/repos/Codertocat/.github/contents/policies/base.yml", 200, "application/vnd.github.raw+json", POLICY);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), "the inherited rule applies: " + done);
        assertEquals(1, github.requests(r -> r.getUrl().equals("/repos/Codertocat/.github/contents/policies/base.yml?ref=v3")).size());
    }

    @Test
    void aSharedPolicyThatCannotBeReadFailsClosed() throws Exception {
        String local = "version: 1\nextends: Codertocat/.github:policies/missing.yml@v3\n";
        github.stubTypicalPullRequest(github.pullRequest("Codertocat", 21031067, "User"), local);
        github.stubGet("/repos/Codertocat/.github/contents/policies/missing.yml", 404, "application/json", "{}");

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText());
        assertTrue(done.path("output").path("summary").asText().contains("policies/missing.yml"), done.toString());
    }

    @Test
    void humanPullRequestPasses() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Codertocat", 21031067, "User"), POLICY);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("success", done.path("conclusion").asText());
        assertTrue(done.path("output").path("summary").asText().contains("**none** — no AI markers"), done.toString());
    }

    @Test
    void missingPolicyFallsBackToOrganisationThenServerDefault() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), null);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        // Neither the repository nor the organisation has a policy, so the server default applies.
        assertEquals(1, github.requests(r -> r.getUrl().startsWith("/repos/Codertocat/.github/contents/ai-gate.yml")).size());
        assertEquals("failure", done.path("conclusion").asText());
        // The check run names the server default, never where it lies on the server.
        assertTrue(done.path("output").path("summary").asText().contains("**Policy:** `server default policy`"),
                done.path("output").path("summary").asText());
    }

    @Test
    void gitHubErrorOnFilesIsRetriedNeverASilentSuccess() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        String files = "/repos/" + FakeGitHub.REPO + "/pulls/2/files";
        github.removeGetStubs(files);
        github.stub(WireMock.get(urlPathEqualTo(files)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(500, "{\"message\":\"Server Error\"}")).willSetStateTo("recovered"));
        github.stub(WireMock.get(urlPathEqualTo(files)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(json(200, "[]")));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        List<JsonNode> done = github.awaitCompletions(1, Duration.ofSeconds(20));
        assertEquals(1, done.size());
        assertEquals("failure", done.get(0).path("conclusion").asText(), "an agent PR without approval must fail");
        assertTrue(github.requests(r -> r.getUrl().startsWith(files)).size() >= 2, "the files call was retried");
    }

    @Test
    void aTypicalPullRequestCostsFewRequestsAndAnUnchangedOneOnlyConditionalOnes() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(20));
        List<String> first = github.apiRequests().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList();
        // Reads include, for provenance, the pull request's issue view (which App created it) and the
        // organisation's ai-gate-signals.yml (absent here).
        assertTrue(first.stream().filter(r -> r.startsWith("GET ")).count() <= 8, "first evaluation read: " + first);
        assertEquals(1, first.stream().filter(r -> !r.startsWith("GET ")).count(), "one write: " + first);

        github.server().resetRequests();
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/edited.derived.json"));
        awaitQueueEmpty();
        var again = github.server().getAllServeEvents().stream()
                .filter(e -> !e.getRequest().getUrl().contains("/access_tokens")).toList();
        assertTrue(again.size() >= 5, "the re-evaluation ran");
        for (var e : again) {
            assertEquals("GET", e.getRequest().getMethod().getName(), "nothing changed, so nothing is written: " + e.getRequest().getUrl());
            assertTrue(e.getRequest().containsHeader("If-None-Match"), "conditional: " + e.getRequest().getUrl());
            assertEquals(304, e.getResponse().getStatus(), e.getRequest().getUrl());
        }
    }

    @Test
    void signaturesAreChecked() throws Exception {
        byte[] body = Fixtures.bytes("github/webhooks/pull_request/opened.2.json");
        assertEquals(401, webhooks.send("pull_request", "d-missing", body, null).statusCode());
        assertEquals(401, webhooks.send("pull_request", "d-bad", body,
                "sha256=" + "0".repeat(64)).statusCode());
        String good = dev.aigate.webhook.WebhookSignature.sign(body, SECRET);
        assertEquals(401, webhooks.send("pull_request", "d-prefix", body, "sha1=" + good.substring(7)).statusCode());
        assertEquals(401, webhooks.send("pull_request", "d-tampered", (new String(body) + " ").getBytes(), good).statusCode());
        assertEquals(List.of(), github.requests(r -> true), "a rejected delivery makes no GitHub call");
    }

    @Test
    void duplicateDeliveryIsANoOp() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Codertocat", 21031067, "User"), POLICY);
        byte[] body = Fixtures.bytes("github/webhooks/pull_request/opened.2.json");
        String signature = dev.aigate.webhook.WebhookSignature.sign(body, SECRET);

        assertEquals(202, webhooks.send("pull_request", "same-delivery-1", body, signature).statusCode());
        HttpResponse<String> again = webhooks.send("pull_request", "same-delivery-1", body, signature);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("duplicate"), again.body());

        github.awaitCompletions(1, Duration.ofSeconds(20));
        awaitQueueEmpty();
        assertEquals(1, github.completions().size(), "one evaluation for one delivery");
    }

    @Test
    void payloadWithoutInstallationIsAcknowledgedAndSkipped() throws Exception {
        HttpResponse<String> response = webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.1.json"));
        assertEquals(202, response.statusCode());
        assertTrue(response.body().contains("skipped"), response.body());
        awaitQueueEmpty();
        assertEquals(List.of(), github.requests(r -> true), "no installation means no credentials to call GitHub with");
    }

    @Test
    void badInputGetsClearAnswers() throws Exception {
        HttpResponse<String> malformed = webhooks.send("pull_request", "{not json".getBytes());
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("not valid JSON"), malformed.body());

        HttpResponse<String> unknown = webhooks.send("gollum", Fixtures.bytes("github/webhooks/ping/noaction.1.json"));
        assertEquals(202, unknown.statusCode());
        assertTrue(unknown.body().contains("ignored"), unknown.body());

        HttpResponse<String> closed = webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/closed.1.json"));
        assertEquals(202, closed.statusCode());
        assertTrue(closed.body().contains("ignored"), closed.body());
    }

    /**
     * A body over GitHub's 25 MB cap is refused from its {@code Content-Length}, before it is read. Sent as headers
     * alone on a raw socket: with the whole body, the client was still writing when the server answered and closed,
     * and now and then lost the answer to a broken pipe.
     */
    @Test
    void payloadsOverGitHubsCapAreRefused() throws Exception {
        int length = 25 * 1024 * 1024 + 1024;
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000); // a server that waited for the body would fail here, not hang the suite
            socket.getOutputStream().write(("POST /api/github/webhooks HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: huge-1\r\n"
                    + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
        }
    }
}
