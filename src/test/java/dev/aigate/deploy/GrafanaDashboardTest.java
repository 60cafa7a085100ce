package dev.aigate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.lifecycle.LifecycleMetrics;
import dev.aigate.metrics.GateMetrics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/grafana/ai-gate.json parses, and every query in it names series, and labels, that the running server
 * exports at {@code /prometheus}: a renamed metric or label breaks this test, not an operator's dashboard.
 */
@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardTest implements io.micronaut.test.support.TestPropertyProvider {

    private static final Pattern SERIES = Pattern.compile("\\b(aigate_[a-z0-9_]+)(\\{([^}]*)})?");
    private static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(=~|!~|!=|=)");

    @Inject
    EmbeddedServer server;
    @Inject
    GateMetrics metrics;
    @Inject
    LifecycleMetrics lifecycle;

    /** A store of its own, not ./data of the working directory. */
    @Override
    public java.util.Map<String, String> getProperties() {
        try {
            return java.util.Map.of("aigate.data-dir", Files.createTempDirectory("aigate-grafana-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyQueryNamesASeriesAndLabelsTheServerExports() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("deploy/grafana/ai-gate.json")));
        assertEquals("ai-gate", dashboard.path("uid").asText());
        // The series that exist once the server has done some work.
        metrics.evaluation("agent", "failure", Duration.ofMillis(40));
        lifecycle.firstCountedApproval("agent", Duration.ofHours(2));
        lifecycle.overridden("none");
        String exported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURL() + "/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();

        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertFalse(panel.path("title").asText().isBlank(), panel.toString());
            assertTrue(panel.path("targets").size() > 0, "a panel without a query: " + panel.path("title"));
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
                assertEquals("${DS_PROMETHEUS}", target.path("datasource").path("uid").asText(),
                        "queries use the data source chosen at import");
            }
        }
        assertTrue(exprs.size() >= 8, exprs.toString());
        Set<String> seen = new HashSet<>();
        for (String expr : exprs) {
            Matcher m = SERIES.matcher(expr);
            boolean any = false;
            while (m.find()) {
                any = true;
                String name = m.group(1);
                seen.add(name);
                assertTrue(exported.contains("\n" + name + "{") || exported.contains("\n" + name + " "),
                        name + " (in " + expr + ") is not exported");
                List<String> labels = new ArrayList<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.add(l.group(1));
                    }
                }
                Matcher by = BY.matcher(expr);
                while (by.find()) {
                    for (String l : by.group(1).split(",")) {
                        labels.add(l.strip());
                    }
                }
                for (String label : labels) {
                    assertTrue(Pattern.compile("\n" + Pattern.quote(name) + "\\{[^}]*\\b" + Pattern.quote(label) + "=")
                            .matcher(exported).find(), name + " has no label " + label + " (in " + expr + ")");
                }
            }
            assertTrue(any, "a query that names no ai-gate series: " + expr);
        }
        for (String required : List.of("aigate_evaluations_total", "aigate_overrides_total", "aigate_review_wait_seconds_bucket")) {
            assertTrue(seen.contains(required), "the dashboard shows " + required);
        }
    }
}
