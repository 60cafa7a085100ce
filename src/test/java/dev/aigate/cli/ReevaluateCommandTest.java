package dev.aigate.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.WorkTarget;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI hands work to a running server through the authenticated admin endpoint. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReevaluateCommandTest implements TestPropertyProvider {

    private static final String SECRET = "webhook-secret-for-admin-test";

    @Inject
    EmbeddedServer server;
    @Inject
    RecordingQueue queue;

    private WireMockServer github;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Singleton
    @Replaces(WorkQueue.class)
    @Requires(property = "spec.name", value = "ReevaluateCommandTest")
    static class RecordingQueue implements WorkQueue {
        final List<WorkTarget> enqueued = new CopyOnWriteArrayList<>();

        @Override
        public boolean accept(InboundDelivery delivery, List<WorkTarget> targets) {
            throw new UnsupportedOperationException("not used by the admin API");
        }

        @Override
        public void enqueue(List<WorkTarget> targets) {
            enqueued.addAll(targets);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/repos/acme/widgets/installation")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":4711,\"app_id\":321}")));
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/repos/acme/absent/installation")).willReturn(aResponse().withStatus(404)
                .withBody("{\"message\":\"Not Found\"}")));
        return Map.of("spec.name", "ReevaluateCommandTest",
                "aigate.github.api-url", github.baseUrl(),
                "aigate.github.app-id", "321",
                "aigate.github.private-key", TestKeys.pkcs1Pem(),
                "aigate.github.webhook-secret", SECRET,
                "aigate.data-dir", "target/reevaluate-test-data");
    }

    @AfterAll
    void stop() {
        github.stop();
    }

    @BeforeEach
    void clear() {
        queue.enqueued.clear();
        out.reset();
        err.reset();
    }

    private int run(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("AIGATE_GITHUB_API_URL", github.baseUrl(),
                "AIGATE_APP_ID", "321", "AIGATE_PRIVATE_KEY", TestKeys.pkcs1Pem(),
                "AIGATE_WEBHOOK_SECRET", SECRET, "AIGATE_DATA_DIR", "target/reevaluate-test-data"));
        env.putAll(extraEnv);
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--server", server.getURL().toString()));
        return new ReevaluateCommand(env).run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void queuesOnePullRequestThroughTheServer() {
        assertEquals(0, run(Map.of(), "acme/widgets", "#12"), err.toString());
        assertEquals(List.of(WorkTarget.pullRequest(4711, "acme/widgets", 12)), queue.enqueued);
        assertTrue(out.toString().contains("queued acme/widgets#12"), out.toString());
        github.verify(getRequestedFor(urlEqualTo("/repos/acme/widgets/installation")));
        String jwt = github.findAll(getRequestedFor(urlEqualTo("/repos/acme/widgets/installation"))).get(0)
                .getHeader("Authorization");
        assertEquals("321", TestKeys.verify(jwt).getIssuer());
    }

    @Test
    void queuesAWholeRepositoryAndAcceptsTheShortForm() {
        assertEquals(0, run(Map.of(), "acme/widgets"), err.toString());
        assertEquals(0, run(Map.of(), "acme/widgets#3"), err.toString());
        assertEquals(List.of(WorkTarget.repository(4711, "acme/widgets"), WorkTarget.pullRequest(4711, "acme/widgets", 3)),
                queue.enqueued);
    }

    @Test
    void aWrongAdminTokenIsRefusedByTheServer() {
        assertEquals(1, run(Map.of("AIGATE_ADMIN_TOKEN", "guess"), "acme/widgets", "#12"));
        assertTrue(err.toString().contains("HTTP 401"), err.toString());
        assertTrue(queue.enqueued.isEmpty());
    }

    @Test
    void theEndpointRejectsRequestsWithoutTheToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.getURL() + "/api/admin/reevaluate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"installationId\":1,\"repo\":\"a/b\",\"number\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertTrue(queue.enqueued.isEmpty());
    }

    @Test
    void anUninstalledRepositoryAndBadArgumentsAreReported() {
        assertEquals(1, run(Map.of(), "acme/absent", "#1"));
        assertTrue(err.toString().contains("not installed on acme/absent"), err.toString());
        assertEquals(2, run(Map.of(), "not-a-repo"));
        assertEquals(2, run(Map.of(), "acme/widgets", "twelve"));
        assertTrue(queue.enqueued.isEmpty());
    }
}
