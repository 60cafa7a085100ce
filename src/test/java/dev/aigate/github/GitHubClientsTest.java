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
import java.io.InterruptedIOException;
import java.time.Duration;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitHubClientsTest {

    final FakeGitHub github = new FakeGitHub();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    GitHubClients clients;
    /** With a 2 s call deadline, for the dribbling responses. */
    GitHubClients impatientClients;

    @BeforeEach
    void setUp(@TempDir Path data) {
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(github.url());
        // Every test (the HTTP cache's included) runs under a call deadline; generous, for a loaded machine.
        settings.setCallTimeout(Duration.ofSeconds(10));
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
        GitHubSettings impatient = new GitHubSettings();
        impatient.setApiUrl(github.url());
        impatient.setCallTimeout(Duration.ofSeconds(2));
        impatientClients = new GitHubClients(impatient, provider, new GateMetrics(registry), data.resolve("impatient").toString());
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        ((Logger) LoggerFactory.getLogger("dev.aigate")).setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void tearDown() throws IOException {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        clients.close();
        impatientClients.close();
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
    void aSecondaryLimitAnsweredAsAPlain403IsDeferredNotFailed() {
        // GitHub's secondary limit: 403, no Retry-After, the primary limit far from spent; only the message tells.
        github.stub(get(urlPathEqualTo("/repos/o/r/pulls/9")).willReturn(json(403,
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}")
                .withHeader("X-RateLimit-Remaining", "4321")));
        GitHubCallException e = assertThrows(GitHubCallException.class, () -> clients.api(7).get("/repos/o/r/pulls/9"));
        assertTrue(e.body().contains("secondary rate limit"), e.body());
        GitHubFailures.Deferral later = GitHubFailures.deferral("reading the pull request", e);
        assertTrue(later.isRateLimit(), later.message());
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

    /**
     * A body sent in 10 chunks over two minutes: each read is quick (well within the 30 s read timeout), the
     * whole is not. The dribble is finite, so without a call deadline the call below would not hang: it would
     * succeed after two minutes and the test fail. No wall-clock limit on the test is needed to prove it.
     */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder dribbling(String body) {
        return json(200, body).withChunkedDribbleDelay(10, 120_000);
    }

    /**
     * The exception OkHttp throws when the call deadline passes is a plain {@link InterruptedIOException}; a read
     * or connect timeout is its subclass {@link java.net.SocketTimeoutException}. So the type says which limit cut
     * the call, whatever the machine's speed.
     */
    private static void assertCutByTheCallDeadline(InterruptedIOException e) {
        assertEquals(InterruptedIOException.class, e.getClass(), "the call deadline, not a socket timeout: " + e);
    }

    @Test
    void everyClientKeepsTheConfiguredCallDeadline() throws IOException {
        assertEquals(Duration.ofSeconds(2), impatientClients.api(7).callTimeout(), "an installation's client");
        assertEquals(Duration.ofSeconds(2), impatientClients.app().callTimeout(), "the App's client");
        assertEquals(Duration.ofSeconds(2), impatientClients.withToken("t").callTimeout(), "a fixed token's client");
        assertEquals(Duration.ofSeconds(10), clients.api(7).callTimeout());
    }

    @Test
    void aResponseThatDripsIsCutOffAtTheCallDeadlineAndRetriedLater() throws IOException {
        github.stub(get(urlPathEqualTo("/repos/o/slow/pulls/1")).willReturn(dribbling("{\"number\":1," + "\"x\":0,".repeat(100) + "\"y\":1}")));
        github.stub(get(urlPathEqualTo("/repos/o/r")).willReturn(json(200, "{\"id\":1}")));
        InstallationApi api = impatientClients.api(7);
        assertEquals(1, api.get("/repos/o/r").path("id").asInt(), "the token is minted before the slow call");

        InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> api.get("/repos/o/slow/pulls/1"));
        assertCutByTheCallDeadline(e);
        GitHubFailures.Deferral retry = GitHubFailures.deferral("reading the pull request", e);
        assertNull(retry.notBefore(), "retried with the queue's backoff, like a 5xx");
        assertTrue(retry.message().contains("timeout"), retry.message());

        assertEquals(1, api.get("/repos/o/r").path("id").asInt(), "the next call goes through");
    }

    @Test
    void checkRunWritesHaveTheSameDeadline() throws IOException {
        github.stub(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/repos/o/slow/check-runs"))
                .willReturn(dribbling("{\"id\":1," + "\"x\":0,".repeat(100) + "\"y\":1}")));
        github.stub(get(urlPathEqualTo("/repos/o/r")).willReturn(json(200, "{\"id\":1}")));
        impatientClients.api(7).get("/repos/o/r"); // mints the token before the slow call

        IOException e = assertThrows(IOException.class,
                () -> new CheckRunPublisher().start(impatientClients.api(7), "o/slow", "a".repeat(40), null));
        assertTrue(causes(e).stream().anyMatch(InterruptedIOException.class::isInstance), "a timeout: " + causes(e));
        causes(e).stream().filter(InterruptedIOException.class::isInstance).map(InterruptedIOException.class::cast)
                .forEach(GitHubClientsTest::assertCutByTheCallDeadline);
        assertNull(GitHubFailures.deferral("writing the check run", e).notBefore());
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }
}
