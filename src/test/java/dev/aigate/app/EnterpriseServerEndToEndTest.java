package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The App on GitHub Enterprise Server: {@code AIGATE_GITHUB_API_URL=http://localhost:PORT/api/v3}, a signed webhook
 * in, and every call (token, reads, policy, check run) under {@code /api/v3}; the fake answers nothing outside it.
 */
@MicronautTest
class EnterpriseServerEndToEndTest extends EndToEndTestBase {

    static final String BASE = "/api/v3";

    @Override
    protected FakeGitHub newFakeGitHub() {
        return FakeGitHub.underPath(BASE);
    }

    @Test
    void aPullRequestIsJudgedWithEveryCallUnderTheApiPath() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);

        HttpResponse<String> accepted = webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        assertEquals(202, accepted.statusCode(), accepted.body());

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        awaitQueueEmpty();
        assertEquals(List.of(), github.requests(r -> !r.getUrl().startsWith(BASE + "/")).stream().map(LoggedRequest::getUrl).toList());
        String repo = BASE + "/repos/" + FakeGitHub.REPO;
        github.server().verify(postRequestedFor(urlPathEqualTo(BASE + "/app/installations/" + FakeGitHub.INSTALLATION + "/access_tokens")));
        github.server().verify(getRequestedFor(urlPathEqualTo(repo + "/pulls/2"))
                .withHeader("Authorization", equalTo("token " + FakeGitHub.TOKEN)));
        github.server().verify(getRequestedFor(urlPathEqualTo(repo + "/contents/.github/ai-gate.yml")));
        github.server().verify(1, postRequestedFor(urlPathEqualTo(repo + "/check-runs")));
        // and EndToEndTestBase fails the test on any unmatched request
    }
}
