package dev.aigate.github;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitHubClientsTest {

    final FakeGitHub github = new FakeGitHub();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    GitHubClients clients;

    @BeforeEach
    void setUp(@TempDir Path data) {
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(github.url());
        AppCredentials credentials = new AppCredentials("12345", Fixtures.text("keys/test-app.pkcs1.pem"), "secret");
        CredentialsProvider provider = new CredentialsProvider() {
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
        };
        clients = new GitHubClients(settings, provider, new GateMetrics(registry), data.toString());
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        ((Logger) LoggerFactory.getLogger("dev.aigate")).setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void tearDown() throws IOException {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        clients.close();
        github.close();
        String all = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertFalse(all.contains(FakeGitHub.TOKEN), "an installation token reached a log line");
        assertFalse(all.contains("PRIVATE KEY"), "the private key reached a log line");
    }

    @Test
    void installationTokenIsMintedOnceAndReused() throws IOException {
        github.stub(get(urlPathEqualTo("/repos/o/r")).withHeader("Authorization", equalTo("token " + FakeGitHub.TOKEN))
                .willReturn(json(200, "{\"id\":1}")));
        InstallationApi api = clients.api(7);
        api.get("/repos/o/r");
        api.get("/repos/o/r");
        clients.api(7).get("/repos/o/r");
        assertEquals(1, github.requests(r -> r.getUrl().equals("/app/installations/7/access_tokens")).size());
    }

    @Test
    void aRejectedTokenIsRenewedAndTheCallRetriedOnce() throws IOException {
        github.stub(get(urlPathEqualTo("/repos/o/r")).inScenario("revoked").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(401, "{\"message\":\"Bad credentials\"}")).willSetStateTo("renewed"));
        github.stub(get(urlPathEqualTo("/repos/o/r")).inScenario("revoked").whenScenarioStateIs("renewed")
                .willReturn(json(200, "{\"id\":1}")));
        assertEquals(1, clients.api(7).get("/repos/o/r").path("id").asInt());
        assertEquals(2, github.requests(r -> r.getUrl().equals("/app/installations/7/access_tokens")).size());
    }

    @Test
    void pagesAreFollowedOnTheConfiguredHostOnly() throws IOException {
        github.stub(get(urlPathEqualTo("/items")).withQueryParam("page", equalTo("2"))
                .willReturn(json(200, "[{\"n\":3}]")).atPriority(1));
        github.stub(get(urlPathEqualTo("/items")).withQueryParam("per_page", equalTo("100"))
                .willReturn(json(200, "[{\"n\":1},{\"n\":2}]")
                        .withHeader("Link", "<" + github.url() + "/items?per_page=100&page=2>; rel=\"next\"")).atPriority(5));
        InstallationApi.Page all = clients.api(7).list("/items", 10);
        assertEquals(3, all.items().size());
        assertFalse(all.truncated());

        InstallationApi.Page capped = clients.api(7).list("/items", 2);
        assertEquals(2, capped.items().size());
        assertTrue(capped.truncated(), "a capped list says it was cut");
    }

    @Test
    void aLinkToAnotherHostIsRefused() {
        // GitHub's own examples carry links to https://api.github.com; a client set up for another
        // base URL must not follow them.
        github.stub(get(urlPathEqualTo("/elsewhere")).willReturn(json(200, "[{\"n\":1}]")
                .withHeader("Link", "<https://api.github.com/elsewhere?page=2>; rel=\"next\"")));
        IOException e = assertThrows(IOException.class, () -> clients.api(7).list("/elsewhere", 10));
        assertTrue(e.getMessage().contains("refusing a request to https://api.github.com"), e.getMessage());
        assertEquals(0, github.requests(r -> r.getUrl().contains("page=2")).size());
    }

    @Test
    void unchangedDataComesBackAsAConditional304() throws IOException {
        github.stub(get(urlPathEqualTo("/repos/o/r/pulls/1")).withHeader("If-None-Match", equalTo("\"v1\""))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"v1\"")).atPriority(1));
        github.stub(get(urlPathEqualTo("/repos/o/r/pulls/1"))
                .willReturn(json(200, "{\"number\":1}").withHeader("ETag", "\"v1\"")
                        .withHeader("Cache-Control", "private, max-age=60, s-maxage=60")).atPriority(2));
        InstallationApi api = clients.api(7);
        assertEquals(1, api.get("/repos/o/r/pulls/1").path("number").asInt());
        assertEquals(1, api.get("/repos/o/r/pulls/1").path("number").asInt());
        assertEquals(2, github.requests(r -> r.getUrl().equals("/repos/o/r/pulls/1")).size(),
                "the second read still asks GitHub, conditionally");
        assertEquals(1.0, registry.counter("aigate.github.requests", "status", "304", "cache", "revalidated").count());
    }

    @Test
    void missingCredentialsAreNamed() {
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(github.url());
        GitHubClients unconfigured = new GitHubClients(settings, dev.aigate.setup.LayeredCredentialsProvider.fromEnvironment(
                java.util.Map.of("AIGATE_DATA_DIR", System.getProperty("java.io.tmpdir") + "/aigate-unconfigured")),
                new GateMetrics(registry), System.getProperty("java.io.tmpdir") + "/aigate-unconfigured");
        IOException e = assertThrows(IOException.class, () -> unconfigured.api(1));
        assertTrue(e.getMessage().contains("AIGATE_APP_ID"), e.getMessage());
    }
}
