package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The App's clients with {@code AIGATE_GITHUB_API_URL=https://HOST/api/v3}, as on GitHub Enterprise Server: token
 * minting, JSON reads, pagination and hub4j's check-run writes all stay under the API path, and nothing follows
 * a link out of it to the rest of the host (the web UI, on the same host and port).
 */
class EnterpriseServerClientsTest {

    static final String BASE = "/api/v3";

    final FakeGitHub github = FakeGitHub.underPath(BASE);
    GitHubClients clients;

    @BeforeEach
    void setUp(@TempDir Path data) {
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(github.url() + "/"); // as an operator might write it
        AppCredentials credentials = new AppCredentials("12345", Fixtures.text("keys/test-app.pkcs1.pem"), "secret");
        clients = new GitHubClients(settings, new CredentialsProvider() {
            @Override
            public Optional<AppCredentials> current() {
                return Optional.of(credentials);
            }

            @Override
            public Optional<String> webhookSecret() {
                return Optional.of("secret");
            }

            @Override
            public List<String> missing() {
                return List.of();
            }
        }, new GateMetrics(new SimpleMeterRegistry()), data.toString());
    }

    @AfterEach
    void tearDown() throws IOException {
        clients.close();
        github.close();
    }

    @Test
    void tokensReadsPagesAndCheckRunWritesAllStayUnderTheApiPath() throws IOException {
        github.stub(get(urlPathEqualTo(github.path("/repos/o/r"))).withHeader("Authorization", equalTo("token " + FakeGitHub.TOKEN))
                .willReturn(json(200, "{\"id\":1}")));
        github.stub(get(urlPathEqualTo(github.path("/items"))).withQueryParam("page", equalTo("2"))
                .willReturn(json(200, "[{\"n\":3}]")).atPriority(1));
        github.stub(get(urlPathEqualTo(github.path("/items"))).withQueryParam("per_page", equalTo("100")).atPriority(5)
                .willReturn(json(200, "[{\"n\":1},{\"n\":2}]")
                        .withHeader("Link", "<" + github.url() + "/items?per_page=100&page=2>; rel=\"next\"")));
        github.stubCheckRunWrites();

        InstallationApi api = clients.api(7);
        assertEquals(1, api.get("/repos/o/r").path("id").asInt());
        assertEquals(3, api.list("/items", 10).items().size(), "the next page, under /api/v3 too, is followed");
        CheckRunPublisher publisher = new CheckRunPublisher();
        JsonNode repository = Fixtures.webhook("pull_request", "opened.2").get("repository"); // its urls name api.github.com
        String repo = repository.path("full_name").asText();
        long id = publisher.start(api, repo, github.headSha(), null);
        publisher.complete(api, repo, github.headSha(), id, new CheckRunContent("ai-gate", "success", "Passed", "All good", null,
                List.of(), List.of(), null));

        assertEquals(List.of(), github.requests(r -> !r.getUrl().startsWith(BASE + "/")).stream().map(LoggedRequest::getUrl).toList());
        assertEquals(List.of(), github.unmatched().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList());
        github.server().verify(1, postRequestedFor(urlPathEqualTo(BASE + "/app/installations/7/access_tokens")));
        github.server().verify(getRequestedFor(urlPathEqualTo(BASE + "/items")).withQueryParam("page", equalTo("2")));
        github.server().verify(1, postRequestedFor(urlPathEqualTo(BASE + "/repos/" + FakeGitHub.REPO + "/check-runs"))
                .withHeader("Authorization", equalTo("token " + FakeGitHub.TOKEN)));
        github.server().verify(1, patchRequestedFor(urlPathMatching(BASE + "/repos/" + FakeGitHub.REPO + "/check-runs/\\d+")));
    }

    @Test
    void aNextLinkToTheSameHostOutsideTheApiPathIsNotFollowed() {
        // GHES serves its web UI on the API's host and port: a Link there must not get the installation token.
        String outside = github.server().baseUrl() + "/login?return_to=%2Fitems&page=2";
        github.stub(get(urlPathEqualTo(github.path("/items")))
                .willReturn(json(200, "[{\"n\":1}]").withHeader("Link", "<" + outside + ">; rel=\"next\"")));

        IOException e = assertThrows(IOException.class, () -> clients.api(7).list("/items", 10));
        assertTrue(e.getMessage().contains("refusing a request to") && e.getMessage().contains("/login"), e.getMessage());
        assertEquals(List.of(), github.requests(r -> !r.getUrl().startsWith(BASE + "/")).stream().map(LoggedRequest::getUrl).toList(),
                "nothing was sent outside " + BASE);
    }

    @Test
    void aRedirectOutOfTheApiPathIsRefusedBeforeTheTokenGoesThere() throws IOException {
        // OkHttp keeps the Authorization header on a redirect to the same host and port: only a check on every
        // network request (not once per call) stops the token reaching GHES's web UI.
        github.stub(get(urlPathEqualTo(github.path("/repos/o/r"))).willReturn(json(200, "{\"id\":1}")));
        github.stub(get(urlPathEqualTo(github.path("/repos/o/moved")))
                .willReturn(aResponse().withStatus(302).withHeader("Location", github.server().baseUrl() + "/login")));
        github.stub(get(urlPathEqualTo("/login")).willReturn(json(200, "{}")));
        InstallationApi api = clients.api(7);
        api.get("/repos/o/r"); // the token is minted, and used, under the API path

        IOException e = assertThrows(IOException.class, () -> api.get("/repos/o/moved"));
        assertTrue(e.getMessage().contains("refusing a request to") && e.getMessage().contains("/login"), e.getMessage());
        assertEquals(List.of(), github.requests(r -> !r.getUrl().startsWith(BASE + "/")).stream().map(LoggedRequest::getUrl).toList(),
                "nothing was sent outside " + BASE);
    }
}
