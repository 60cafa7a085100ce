package dev.aigate.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.WebhookSender;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.aigate.testing.Eventually.eventually;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a newcomer does, in one run: start a server with no credentials, register the App through
 * {@code /setup} against a fake GitHub, and see a signed webhook turn into a check run and into metrics,
 * all without a restart; then re-evaluate from the CLI with nothing but the data directory.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewcomerJourneyTest implements TestPropertyProvider {

    private static final String SECRET = "secret-handed-out-by-github";
    private static final String POLICY = Fixtures.text("policies/agents-need-review.yml");

    private final FakeGitHub github = new FakeGitHub();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    EmbeddedServer server;
    @Inject
    SetupCode setupCode;

    private Path data;

    @Override
    public Map<String, String> getProperties() {
        try {
            data = Files.createTempDirectory("aigate-newcomer");
            Path defaultPolicy = data.resolve("default-policy.yml");
            Files.writeString(defaultPolicy, POLICY);
            return Map.of("aigate.github.api-url", github.url(),
                    "aigate.public-url", "https://gate.example.test",
                    "aigate.data-dir", data.toString(),
                    "aigate.default-policy", defaultPolicy.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stop() {
        github.close();
    }

    @Test
    void registerThenGateAPullRequestAndSeeTheMetrics() throws Exception {
        assertEquals(503, get("/health/readiness", null).statusCode(), "not ready without credentials");
        double acceptedBefore = metric("aigate_webhook_deliveries_total{event=\"pull_request\",outcome=\"accepted\"}");

        // 1. Register: the setup code from the log, the form, GitHub's round trip (faked), the callback.
        github.stub(post(urlEqualTo("/app-manifests/one-time-code/conversions")).willReturn(FakeGitHub.json(201,
                new ObjectMapper().createObjectNode().put("id", 12345).put("slug", "ai-gate-codertocat")
                        .put("html_url", "https://github.com/apps/ai-gate-codertocat")
                        .put("pem", Fixtures.text("keys/test-app.pkcs1.pem"))
                        .put("webhook_secret", SECRET).toString())));
        assertEquals(303, get("/", null).statusCode());
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri("/setup"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("setupCode=" + setupCode.current()
                        + "&accountType=organization&organization=Codertocat")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher state = Pattern.compile("state=([A-Za-z0-9_-]+)\"").matcher(started.body());
        assertTrue(state.find(), started.body());
        String cookie = started.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> done = get("/setup/callback?code=one-time-code&state=" + state.group(1),
                cookie.substring(0, cookie.indexOf(';')));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("https://github.com/apps/ai-gate-codertocat/installations/new"));

        // 2. Ready at once, and the setup page is closed.
        assertEquals(200, get("/health/readiness", null).statusCode(), get("/health/readiness", null).body());
        assertEquals(403, get("/setup", null).statusCode());

        // 3. A signed webhook with the secret GitHub handed out becomes a check run.
        github.reset();
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), POLICY);
        HttpResponse<String> accepted = new WebhookSender(server.getURL().toString(), SECRET)
                .send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("failure", github.awaitCompletions(1, Duration.ofSeconds(20)).get(0).path("conclusion").asText());
        assertEquals(List.of(), github.unmatched().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList());

        // 4. The metrics moved.
        assertEquals(acceptedBefore + 1,
                metric("aigate_webhook_deliveries_total{event=\"pull_request\",outcome=\"accepted\"}"));
        String agentFailures = "aigate_evaluations_total{conclusion=\"failure\",mode=\"enforce\",provenance=\"agent\","
                + "would_conclusion=\"failure\"}";
        eventually(agentFailures + " counts the evaluation").until(() -> metric(agentFailures) >= 1);
        assertEquals(1.0, metric(agentFailures));
        assertTrue(metric("aigate_evaluation_latency_seconds_count") >= 1);
        assertTrue(metric("aigate_github_requests_total{cache=\"network\",status=\"200\"}") >= 1);

        // 5. The operator re-evaluates from the CLI with nothing but the data directory: the registered App
        //    gives the JWT, its webhook secret the admin token.
        String completed = "aigate_queue_jobs_total{outcome=\"completed\"}";
        awaitMetric(completed, 1);
        double before = metric(completed);
        github.stub(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlEqualTo("/repos/" + FakeGitHub.REPO + "/installation")).willReturn(FakeGitHub.json(200,
                "{\"id\":" + FakeGitHub.INSTALLATION + ",\"app_id\":12345}")));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = new dev.aigate.cli.ReevaluateCommand(Map.of("AIGATE_DATA_DIR", data.toString(),
                "AIGATE_GITHUB_API_URL", github.url())).run(
                List.of(FakeGitHub.REPO, "#2", "--server", server.getURL().toString()),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err));
        assertEquals(0, exit, err.toString());
        awaitMetric(completed, before + 1);
    }

    private void awaitMetric(String series, double atLeast) throws Exception {
        eventually(series + " reaches " + atLeast).until(() -> metric(series) >= atLeast);
    }

    private double metric(String series) throws Exception {
        String text = get("/prometheus", null).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return 0;
    }

    private URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
