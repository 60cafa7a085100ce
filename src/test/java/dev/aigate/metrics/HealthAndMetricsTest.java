package dev.aigate.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exported metric names (docs/operations.md lists them) and the split of liveness from readiness. */
@MicronautTest
@Property(name = "aigate.data-dir", value = "target/health-and-metrics-test-data")
class HealthAndMetricsTest {

    @Inject
    EmbeddedServer server;
    @Inject
    GateMetrics metrics;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyDocumentedMetricIsExportedUnderItsPrometheusName() throws Exception {
        metrics.delivery("pull_request", "accepted");
        metrics.delivery("pull_request", "accepted");
        metrics.delivery(null, "bad_signature");
        metrics.evaluation("agent", "failure", Duration.ofMillis(250));
        metrics.evaluation("agent", "neutral", "observe", "failure", Duration.ofMillis(250));
        metrics.githubResponse(200, false);
        metrics.githubResponse(304, true);
        metrics.rateLimitRemaining(99, 4321);
        metrics.rateLimitRemaining(99, 4320);

        String text = get("/prometheus").body();
        assertTrue(text.contains("aigate_webhook_deliveries_total{event=\"pull_request\",outcome=\"accepted\"} 2.0"),
                text);
        assertTrue(text.contains("aigate_webhook_deliveries_total{event=\"unknown\",outcome=\"bad_signature\"} 1.0"));
        assertTrue(text.contains("aigate_evaluations_total{conclusion=\"failure\",mode=\"enforce\",provenance=\"agent\","
                + "would_conclusion=\"failure\"} 1.0"), text);
        // Observe mode: neutral on the check run, and what enforcing would have concluded.
        assertTrue(text.contains("aigate_evaluations_total{conclusion=\"neutral\",mode=\"observe\",provenance=\"agent\","
                + "would_conclusion=\"failure\"} 1.0"), text);
        assertTrue(text.contains("aigate_evaluation_latency_seconds_bucket{le="), "latency is a histogram");
        assertTrue(text.contains("aigate_evaluation_latency_seconds_count 2"));
        assertTrue(text.contains("aigate_github_requests_total{cache=\"revalidated\",status=\"304\"} 1.0"));
        assertTrue(text.contains("aigate_github_requests_total{cache=\"network\",status=\"200\"} 1.0"));
        assertTrue(text.contains("aigate_github_ratelimit_remaining{installation=\"99\"} 4320.0"));
        for (String queue : new String[] {"aigate_queue_depth ", "aigate_queue_oldest_seconds ", "aigate_queue_parked "}) {
            assertTrue(text.contains("\n" + queue), queue + " is exported by the queue");
        }
        java.util.regex.Matcher fileSize = java.util.regex.Pattern.compile("\naigate_store_file_size_bytes ([0-9.E]+)")
                .matcher(text);
        assertTrue(fileSize.find(), "the embedded store's file size is exported");
        assertTrue(Double.parseDouble(fileSize.group(1)) > 0, fileSize.group());
        assertTrue(text.contains("\naigate_store_chunks_fill_percent "), "and how much of it is live data");
    }

    @Test
    void livenessIsUpWhileReadinessWaitsForCredentials() throws Exception {
        HttpResponse<String> liveness = get("/health/liveness");
        assertEquals(200, liveness.statusCode(), liveness.body());
        assertEquals("UP", new ObjectMapper().readTree(liveness.body()).get("status").asText());

        HttpResponse<String> readiness = get("/health/readiness");
        assertEquals(503, readiness.statusCode(), readiness.body());
        assertEquals("DOWN", new ObjectMapper().readTree(readiness.body()).get("status").asText(), readiness.body());

        assertEquals(503, get("/health").statusCode());
    }

    @Test
    void aDownAnswerWithoutTheAppNamesTheMissingSettingsButNoValues() throws Exception {
        for (String path : List.of("/health", "/health/readiness")) {
            HttpResponse<String> got = get(path);
            assertEquals(503, got.statusCode(), path);
            com.fasterxml.jackson.databind.JsonNode body = new ObjectMapper().readTree(got.body());
            assertEquals("DOWN", body.get("status").asText(), got.body());
            String message = body.path("message").asText();
            assertTrue(message.startsWith("GitHub App credentials are not configured: "), path + ": " + got.body());
            for (String name : List.of("AIGATE_APP_ID", "AIGATE_PRIVATE_KEY_FILE", "AIGATE_WEBHOOK_SECRET", "setup")) {
                assertTrue(message.contains(name), path + " names " + name + ": " + message);
            }
            assertFalse(body.has("details"), got.body());
        }
        HttpResponse<String> liveness = get("/health/liveness");
        assertEquals(200, liveness.statusCode());
        assertFalse(new ObjectMapper().readTree(liveness.body()).has("message"), "alive needs no explanation");
    }

    @Test
    void healthShowsStatusesButNoDetailsToAnyone() throws Exception {
        for (String path : List.of("/health", "/health/readiness", "/health/liveness")) {
            String body = get(path).body();
            assertTrue(body.contains("\"status\""), path + ": " + body);
            for (String detail : List.of("details", "jdbc:", "health-and-metrics-test-data", "http", "url", "=",
                    "target")) {
                assertFalse(body.contains(detail), path + " shows " + detail + ": " + body);
            }
        }
    }

    @Test
    void noOtherManagementEndpointIsServed() throws Exception {
        for (String path : List.of("/beans", "/routes", "/threaddump", "/metrics", "/metrics/jvm.memory.used", "/flyway",
                "/info", "/env", "/loggers", "/caches", "/refresh", "/stop")) {
            HttpResponse<String> got = get(path);
            assertTrue(got.statusCode() == 404 || got.statusCode() == 401, "GET " + path + " answered "
                    + got.statusCode() + ": " + head(got.body()));
        }
        for (String path : List.of("/refresh", "/stop", "/loggers/root")) {
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"force\":true,\"configuredLevel\":\"TRACE\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(posted.statusCode() == 404 || posted.statusCode() == 401, "POST " + path + " answered "
                    + posted.statusCode() + ": " + head(posted.body()));
        }
        assertEquals(200, get("/prometheus").statusCode(), "the documented metrics stay open to scrapers");
    }

    private static String head(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHealthCommandTheImageRunsFollowsLiveness() {
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        String base = server.getURL().toString();
        assertEquals(0, new dev.aigate.cli.HealthCommand(java.util.Map.of("MICRONAUT_SERVER_PORT",
                Integer.toString(server.getPort()))).run(java.util.List.of(), quiet, quiet));
        assertEquals(1, new dev.aigate.cli.HealthCommand(java.util.Map.of())
                .run(java.util.List.of("--url", base + "/health/readiness"), quiet, quiet), "503 is unhealthy");
        assertEquals(1, new dev.aigate.cli.HealthCommand(java.util.Map.of())
                .run(java.util.List.of("--url", "http://127.0.0.1:1/health/liveness"), quiet, quiet));
        assertEquals(2, new dev.aigate.cli.HealthCommand(java.util.Map.of()).run(java.util.List.of("--bogus"), quiet, quiet));
    }
}
