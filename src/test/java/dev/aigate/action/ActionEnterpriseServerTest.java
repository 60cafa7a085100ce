package dev.aigate.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code action} subcommand on GitHub Enterprise Server, whose runner sets {@code GITHUB_API_URL} to
 * {@code https://HOST/api/v3}: every read and the check-run write stay under that path, none goes to the host's root.
 */
class ActionEnterpriseServerTest {

    static final String BASE = "/api/v3";
    static final String REPO_PATH = "/repos/" + FakeGitHub.REPO;

    final FakeGitHub github = FakeGitHub.underPath(BASE);
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void everyRequestOfAPullRequestTargetRunStaysUnderTheApiPathAndTheCheckRunIsPosted() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), ActionEndToEndTest.AGENT_POLICY);
        ArrayNode files = Fixtures.JSON.createArrayNode();
        for (int i = 0; i < 150; i++) {
            files.addObject().put("filename", "src/F" + i + ".java").put("status", "modified").put("additions", 1).put("deletions", 0);
        }
        // Two pages: the second is reached through the Link header, which on GHES names /api/v3/... too.
        github.stubPages(REPO_PATH + "/pulls/2/files", files, null, files.size());
        ActionProcess.Result r = run("pull_request_target", Fixtures.webhook("pull_request", "opened.2"));

        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), outsideTheApiPath());
        assertEquals(List.of(), github.unmatched().stream().map(q -> q.getMethod() + " " + q.getUrl()).toList());
        for (String read : List.of("/pulls/2", "/pulls/2/commits", "/pulls/2/reviews", "/contents/.github/ai-gate.yml")) {
            github.server().verify(getRequestedFor(urlPathEqualTo(BASE + REPO_PATH + read))
                    .withHeader("Authorization", equalTo("token " + ActionEndToEndTest.JOB_TOKEN)));
        }
        github.server().verify(getRequestedFor(urlPathEqualTo(BASE + REPO_PATH + "/pulls/2/files"))
                .withQueryParam("page", equalTo("2")));
        github.server().verify(1, postRequestedFor(urlPathEqualTo(BASE + REPO_PATH + "/check-runs"))
                .withHeader("Authorization", equalTo("token " + ActionEndToEndTest.JOB_TOKEN)));
        JsonNode created = onlyCheckRunCreated();
        assertEquals("ai-gate", created.path("name").asText());
        assertEquals(github.headSha(), created.path("head_sha").asText());
        assertEquals("failure", created.path("conclusion").asText());
        assertTrue(r.out().contains("posted as the ai-gate check run"), r.toString());
    }

    @Test
    void theOrganisationPolicyLookupStaysUnderTheApiPath() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), null);
        ActionProcess.Result r = run("check_suite", Fixtures.webhook("check_suite", "completed.1"));

        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), outsideTheApiPath());
        assertEquals(List.of(), github.unmatched().stream().map(q -> q.getMethod() + " " + q.getUrl()).toList());
        github.server().verify(getRequestedFor(urlPathEqualTo(BASE + REPO_PATH + "/contents/.github/ai-gate.yml")));
        github.server().verify(getRequestedFor(urlPathEqualTo(BASE + "/repos/Codertocat/.github/contents/ai-gate.yml")));
        onlyCheckRunCreated();
    }

    private List<String> outsideTheApiPath() {
        return github.requests(q -> !q.getUrl().startsWith(BASE + "/")).stream().map(LoggedRequest::getUrl).toList();
    }

    private JsonNode onlyCheckRunCreated() {
        List<JsonNode> created = github.requests(q -> q.getMethod().getName().equals("POST") && q.getUrl().endsWith("/check-runs"))
                .stream().map(q -> Fixtures.parse(q.getBodyAsString())).toList();
        assertEquals(1, created.size(), created.toString());
        return created.get(0);
    }

    /** The docs/action.md step on an Enterprise Server runner. */
    private ActionProcess.Result run(String event, JsonNode payload) throws Exception {
        Path eventFile = Files.createTempFile(dir, "event", ".json");
        Files.write(eventFile, Fixtures.toBytes(payload));
        Map<String, Object> inputs = new HashMap<>();
        if (ActionDefinition.gateStep(ActionDefinition.docWorkflow()).get("with") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> inputs.put(String.valueOf(k), v));
        }
        Map<String, String> env = new HashMap<>(ActionDefinition.jarEnv(inputs, ActionEndToEndTest.JOB_TOKEN));
        env.put("GITHUB_EVENT_NAME", event);
        env.put("GITHUB_EVENT_PATH", eventFile.toString());
        env.put("GITHUB_API_URL", github.url()); // http://localhost:PORT/api/v3
        env.put("GITHUB_SERVER_URL", "https://ghes.example.com");
        env.put("GITHUB_REPOSITORY", FakeGitHub.REPO);
        env.put("GITHUB_RUN_ID", "42");
        env.put("GITHUB_STEP_SUMMARY", dir.resolve("summary-" + eventFile.getFileName() + ".md").toString());
        env.put("RUNNER_TEMP", dir.toString());
        ActionProcess.Result result = ActionProcess.run(env, dir);
        System.out.println(event + ": " + result); // kept in target/surefire-reports/*-output.txt
        return result;
    }
}
