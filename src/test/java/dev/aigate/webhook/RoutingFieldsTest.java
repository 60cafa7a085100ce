package dev.aigate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingress routes on a pruned tree ({@link RoutingFields}); it must decide exactly what it would on the whole
 * payload. Every example webhook GitHub publishes, plus pushes, is routed both ways under several router
 * settings, and the fields ingress itself reads are compared too.
 */
class RoutingFieldsTest {

    /** The fields WebhookController reads besides what it hands to EventRouter. */
    static final List<String> INGRESS_FIELDS = List.of("repository.full_name", "installation.id", "action",
            "check_run.head_sha", "sender.login", "requested_action.identifier");

    static Stream<Path> examples() throws IOException, URISyntaxException {
        Path root = Path.of(RoutingFieldsTest.class.getResource("/github/webhooks").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void routesEveryExampleAsTheWholePayloadWould(Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        String event = file.getParent().getFileName().toString();
        JsonNode whole = Fixtures.JSON.readTree(body);
        JsonNode pruned = RoutingFields.read(Fixtures.JSON, body);
        assertSameDecisions(event, whole, pruned);
        assertTrue(pruned.toString().length() < whole.toString().length(), "the pruned tree is smaller");
    }

    @Test
    void routesPushesAsTheWholePayloadWould() throws IOException {
        for (String repo : List.of("acme/app", "acme/.github")) {
            for (String ref : List.of("refs/heads/main", "refs/heads/feature")) {
                for (String path : List.of(".github/ai-gate.yml", "ai-gate.yml", "src/App.java")) {
                    ObjectNode payload = Fixtures.JSON.createObjectNode();
                    payload.put("ref", ref).put("before", "a".repeat(40)).put("after", "b".repeat(40));
                    payload.putObject("repository").put("full_name", repo).put("default_branch", "main")
                            .put("name", repo.substring(repo.indexOf('/') + 1)).putObject("owner").put("login", "acme");
                    payload.putObject("installation").put("id", 42);
                    ObjectNode first = payload.putArray("commits").addObject();
                    first.put("id", "c".repeat(40)).put("message", "touch things");
                    first.putObject("author").put("name", "A").put("email", "a@example.com");
                    first.putArray("added").add("README.md");
                    first.putArray("removed");
                    payload.withArray("commits").addObject().putArray("modified").add("docs/x.md").add(path);
                    byte[] body = Fixtures.toBytes(payload);
                    assertSameDecisions("push", Fixtures.JSON.readTree(body), RoutingFields.read(Fixtures.JSON, body));
                }
            }
        }
    }

    /** A fork's pull request is listed on a check of the base repository: only the base's own count. */
    @ParameterizedTest
    @ValueSource(strings = {"check_run", "check_suite"})
    void routesChecksListingForkPullRequestsAsTheWholePayloadWould(String event) throws IOException {
        for (String baseRepo : List.of("Hello-World", "a-fork")) {
            ObjectNode payload = Fixtures.webhook(event, "completed.1");
            ObjectNode section = (ObjectNode) payload.get(event);
            ObjectNode pr = section.putArray("pull_requests").addObject();
            pr.put("number", 5).put("url", "https://api.github.com/repos/x/y/pulls/5");
            pr.putObject("head").put("sha", "d".repeat(40)).putObject("repo").put("id", 1).put("name", "a-fork");
            pr.putObject("base").put("ref", "main").putObject("repo").put("id", 2).put("name", baseRepo);
            byte[] body = Fixtures.toBytes(payload);
            assertSameDecisions(event, Fixtures.JSON.readTree(body), RoutingFields.read(Fixtures.JSON, body));
        }
    }

    @Test
    void keepsTheRoutingFieldsOfAPullRequestAndDropsTheRest() throws IOException {
        byte[] body = Fixtures.bytes("github/webhooks/pull_request/synchronize.1.json");
        JsonNode pruned = RoutingFields.read(Fixtures.JSON, body);
        assertEquals("synchronize", pruned.path("action").asText());
        assertEquals(2, pruned.path("pull_request").path("number").asInt());
        assertEquals("Codertocat/Hello-World", pruned.path("repository").path("full_name").asText());
        assertTrue(pruned.path("pull_request").path("head").isMissingNode(), "head is not needed to route");
        assertTrue(pruned.toString().length() < 1_000, "a 28 KB payload routes on under 1 KB: " + pruned);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"action\": \"opened\", \"pull_request\": {\"head\": {\"sha\": \"abc\",}}}",   // broken where nothing is kept
        "{\"action\": \"opened\", \"sender\": {\"site_admin\": tru}}",
        "{\"action\": \"opened\"",
    })
    void malformedJsonAnywhereIsStillRejected(String json) {
        assertThrows(IOException.class, () -> RoutingFields.read(Fixtures.JSON, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBodyThatIsNotAnObjectIsReadWhole() throws IOException {
        assertTrue(RoutingFields.read(Fixtures.JSON, "[1, 2]".getBytes(StandardCharsets.UTF_8)).isArray());
        assertTrue(RoutingFields.read(Fixtures.JSON, " \n{\"zen\": \"x\"}".getBytes(StandardCharsets.UTF_8)).isObject());
        assertTrue(RoutingFields.read(Fixtures.JSON, "{\"zen\": \"x\"}".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    private static void assertSameDecisions(String event, JsonNode whole, JsonNode pruned) {
        List<Long> appIds = new ArrayList<>(List.of(0L, 7L));
        for (String section : List.of("check_run", "check_suite")) {
            long id = whole.path(section).path("app").path("id").asLong(0);
            if (id != 0) {
                appIds.add(id);
            }
        }
        for (long app : appIds) {
            for (CheckRelevance relevance : List.<CheckRelevance>of(CheckRelevance.ALWAYS, (repo, check) -> false,
                    (repo, check) -> check != null && check.startsWith("C"))) {
                EventRouter router = new EventRouter(app, relevance);
                assertEquals(router.route(event, whole, 9), router.route(event, pruned, 9),
                        event + " routed differently (app " + app + ")");
            }
        }
        for (String field : INGRESS_FIELDS) {
            JsonNode a = whole;
            JsonNode b = pruned;
            for (String name : field.split("\\.")) {
                a = a.path(name);
                b = b.path(name);
            }
            assertEquals(a, b, field);
        }
        // The lifecycle step ingress records reads the same from the pruned tree as from the whole payload.
        java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(dev.aigate.lifecycle.LifecycleEvent.from(event, "d-1", whole, at),
                dev.aigate.lifecycle.LifecycleEvent.from(event, "d-1", pruned, at), event + " lifecycle");
    }
}
