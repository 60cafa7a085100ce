package dev.aigate.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code action} subcommand as a process, as deploy/action/action.yml runs it: GitHub's example payloads as
 * {@code GITHUB_EVENT_PATH}, the inputs of the docs/action.md workflow mapped by action.yml, WireMock as the API.
 */
class ActionEndToEndTest {

    static final String JOB_TOKEN = "ghs_jobTokenOfTheWorkflowRun00000000000";
    static final String AGENT_POLICY = Fixtures.text("policies/agents-need-review.yml");

    final FakeGitHub github = new FakeGitHub();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        github.close();
    }

    // ---- one per trigger -----------------------------------------------------------------------------

    @Test
    void pullRequestTargetPostsTheCheckRunWithTheJobsToken() throws Exception {
        agentPullRequest();
        ActionProcess.Result r = run("pull_request_target", Fixtures.webhook("pull_request", "opened.2"), Map.of());

        assertEquals(0, r.exit(), r.toString());
        JsonNode created = onlyCheckRunCreated();
        assertEquals("ai-gate", created.path("name").asText());
        assertEquals(github.headSha(), created.path("head_sha").asText(), "on the head GitHub has now, not the payload's");
        assertEquals("completed", created.path("status").asText());
        assertEquals("failure", created.path("conclusion").asText());
        assertTrue(created.path("output").path("summary").asText().contains("Needs 1 more approval"), created.toString());
        assertEquals("https://github.com/" + FakeGitHub.REPO + "/actions/runs/42", created.path("details_url").asText(),
                "the details link is the workflow run: there is no App page");
        assertTrue(created.path("actions").isMissingNode() || created.path("actions").isEmpty(),
                "no buttons: no App receives requested_action");
        github.server().verify(getRequestedFor(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls/2"))
                .withHeader("Authorization", equalTo("token " + JOB_TOKEN)));
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/check-runs"))
                .withHeader("Authorization", equalTo("token " + JOB_TOKEN)));
        github.server().verify(getRequestedFor(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/contents/.github/ai-gate.yml"))
                .withQueryParam("ref", equalTo("master")));
        assertEquals(List.of(), github.unmatched().stream().map(LoggedRequest::getUrl).toList());
        assertTrue(r.out().contains(": failure · Needs 1 more approval") && r.out().contains("posted as the ai-gate check run"),
                "UTF-8 in the log even without a locale\n" + r);
        assertTrue(r.summary().contains("Needs 1 more approval"), "the job summary shows the verdict\n" + r);
        assertFalse(Files.exists(dir.resolve("data")), "no data directory");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("ai-gate-")).toList(),
                    "the HTTP cache under RUNNER_TEMP is removed on the way out");
        }
    }

    @Test
    void pullRequestPostsTheCheckRun() throws Exception {
        agentPullRequest();
        ActionProcess.Result r = run("pull_request", Fixtures.webhook("pull_request", "synchronize.1"), Map.of());

        assertEquals(0, r.exit(), r.toString());
        assertEquals("failure", onlyCheckRunCreated().path("conclusion").asText());
    }

    @Test
    void pullRequestReviewPostsTheCheckRun() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), AGENT_POLICY);
        github.stubReviews(2, "maintainer:APPROVED");
        ActionProcess.Result r = run("pull_request_review", Fixtures.webhook("pull_request_review", "submitted.1"), Map.of());

        assertEquals(0, r.exit(), r.toString());
        assertEquals("success", onlyCheckRunCreated().path("conclusion").asText(), "the approval the review gave counts");
    }

    @Test
    void checkSuiteCompletedJudgesEachPullRequestItCarries() throws Exception {
        agentPullRequest();
        ActionProcess.Result r = run("check_suite", Fixtures.webhook("check_suite", "completed.1"), Map.of());

        assertEquals(0, r.exit(), r.toString());
        assertEquals("failure", onlyCheckRunCreated().path("conclusion").asText());
        assertTrue(r.out().contains(FakeGitHub.REPO + " #2"), r.toString());
    }

    @Test
    void pullRequestsSharingTheSuitesHeadShareOneCheckRun() throws Exception {
        ObjectNode pr = github.pullRequest("Copilot", 198982749, "Bot");
        github.stubTypicalPullRequest(pr, AGENT_POLICY);
        ObjectNode stacked = pr.deepCopy().put("number", 3);
        github.stubPullRequest(stacked);
        github.stubFiles(3, "src/main/java/App.java");
        github.stubCommits(3, "Fix the greeting");
        github.stubReviews(3);
        ObjectNode payload = Fixtures.webhook("check_suite", "completed.1");
        com.fasterxml.jackson.databind.node.ArrayNode prs = (com.fasterxml.jackson.databind.node.ArrayNode)
                payload.get("check_suite").get("pull_requests");
        prs.add(((ObjectNode) prs.get(0).deepCopy()).put("number", 3));
        ActionProcess.Result r = run("check_suite", payload, Map.of());

        assertEquals(0, r.exit(), r.toString());
        JsonNode created = onlyCheckRunCreated();
        assertTrue(created.path("output").path("title").asText().contains("2 PRs share this commit"), created.toString());
        assertTrue(r.out().contains("#2, #3"), r.toString());
    }

    @Test
    void workflowRunCompletedJudgesOnlyPullRequestsIntoThisRepository() throws Exception {
        agentPullRequest();
        ObjectNode payload = Fixtures.webhook("workflow_run", "completed.3");
        // As GitHub sends it, the run is in octo-org/octo-repo and lists Codertocat/Hello-World#2: not ours.
        ActionProcess.Result foreign = run("workflow_run", payload, Map.of());
        assertEquals(0, foreign.exit(), foreign.toString());
        assertEquals(1, foreign.lines().size(), foreign.toString());
        assertTrue(foreign.out().contains("only 1 into other repositories"), foreign.toString());
        assertEquals(List.of(), github.apiRequests(), "nothing read for another repository's pull request");

        payload.set("repository", Fixtures.webhook("check_suite", "completed.1").get("repository"));
        ActionProcess.Result ours = run("workflow_run", payload, Map.of());
        assertEquals(0, ours.exit(), ours.toString());
        assertEquals("failure", onlyCheckRunCreated().path("conclusion").asText());
    }

    // ---- modes -------------------------------------------------------------------------------------------

    @Test
    void jobStatusModeMakesTheExitCodeTheGateAndPostsNothing() throws Exception {
        agentPullRequest();
        ActionProcess.Result blocked = run("pull_request", Fixtures.webhook("pull_request", "opened.2"), Map.of("mode", "job-status"));

        assertEquals(1, blocked.exit(), blocked.toString());
        assertTrue(blocked.out().contains("this job fails"), blocked.toString());
        assertTrue(blocked.out().lines().anyMatch(l -> l.startsWith("::error title=ai-gate::#2: ")), blocked.toString());
        assertTrue(blocked.summary().contains("Needs 1 more approval"), blocked.toString());
        assertEquals(List.of(), github.requests(r -> !r.getMethod().getName().equals("GET")), "job-status writes nothing");

        github.stubReviews(2, "maintainer:APPROVED");
        ActionProcess.Result passed = run("pull_request", Fixtures.webhook("pull_request", "opened.2"), Map.of("mode", "job-status"));
        assertEquals(0, passed.exit(), passed.toString());
        assertTrue(passed.out().contains("success") && passed.out().contains("this job passes"), passed.toString());
    }

    @Test
    void forkTokenThatCannotWriteChecksFallsBackToTheJobStatusWithTheReason() throws Exception {
        agentPullRequest();
        github.stub(post(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/check-runs")).atPriority(1)
                .willReturn(FakeGitHub.json(403, "{\"message\":\"Resource not accessible by integration\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/checks/runs#create-a-check-run\"}")));
        ActionProcess.Result r = run("pull_request", Fixtures.webhook("pull_request", "opened.2"), Map.of());

        assertEquals(1, r.exit(), "the job's failure is the gate now\n" + r);
        assertTrue(r.out().contains("GitHub answered 403") && r.out().contains("pull_request_target")
                && r.out().contains("checks: write"), r.toString());
        assertTrue(r.out().contains("this job fails"), r.toString());
        assertTrue(r.summary().contains("GitHub answered 403") && r.summary().contains("Needs 1 more approval"), r.toString());
    }

    // ---- bad input ---------------------------------------------------------------------------------------

    @Test
    void anEventItDoesNotHandleExitsZeroWithOneLine() throws Exception {
        ActionProcess.Result push = run("push", Fixtures.webhook("ping", "noaction.1"), Map.of());
        assertEquals(0, push.exit(), push.toString());
        assertEquals(List.of("ai-gate: the push event is not one this action handles; nothing to do (it handles "
                + "pull_request_target, pull_request, pull_request_review, check_suite, workflow_run)"), push.lines());

        ActionProcess.Result closed = run("pull_request_target", Fixtures.webhook("pull_request", "closed.1"), Map.of());
        assertEquals(0, closed.exit(), closed.toString());
        assertEquals(List.of("ai-gate: pull_request_target closed does not change the gate; nothing to do"), closed.lines());
        assertEquals(List.of(), github.apiRequests());
    }

    @Test
    void aBrokenPolicyFailsClosedWithFileLineAndColumn() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"),
                "version: 1\nrules:\n  - name: agents\n    if: { provenance: [agent }\n");
        ActionProcess.Result r = run("pull_request_target", Fixtures.webhook("pull_request", "opened.2"), Map.of());

        assertEquals(0, r.exit(), "the check run carries the failure\n" + r);
        JsonNode created = onlyCheckRunCreated();
        assertEquals("failure", created.path("conclusion").asText());
        assertTrue(created.path("output").path("summary").asText().matches("(?s).*\\.github/ai-gate\\.yml:\\d+:\\d+.*"),
                created.toString());
        assertTrue(r.summary().matches("(?s).*\\.github/ai-gate\\.yml:\\d+:\\d+.*"), r.toString());
    }

    @Test
    void aNamedPolicyThatIsMissingFailsClosed() throws Exception {
        agentPullRequest();
        github.stub(get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/contents/.github/strict-gate.yml"))
                .willReturn(FakeGitHub.json(404, "{\"message\":\"Not Found\"}")));
        ActionProcess.Result r = run("pull_request", Fixtures.webhook("pull_request", "opened.2"),
                Map.of("policy", ".github/strict-gate.yml", "mode", "job-status"));

        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.summary().contains(".github/strict-gate.yml:1:1"), r.toString());
        assertTrue(r.summary().contains("no such file on master"), r.toString());
    }

    @Test
    void aTokenWithoutPullRequestsReadSaysWhichPermissionToAdd() throws Exception {
        agentPullRequest();
        github.removeGetStubs("/repos/" + FakeGitHub.REPO + "/pulls/2");
        github.stub(get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls/2"))
                .willReturn(FakeGitHub.json(403, "{\"message\":\"Resource not accessible by integration\"}")));
        ActionProcess.Result r = run("pull_request_target", Fixtures.webhook("pull_request", "opened.2"), Map.of());

        assertEquals(1, r.exit(), "fails closed\n" + r);
        assertTrue(r.out().contains("The token lacks `pull-requests: read`"), r.toString());
        assertTrue(r.out().contains("permissions:") && r.out().contains("checks: write")
                && r.out().contains("contents: read"), r.toString());
        assertTrue(r.summary().contains("pull-requests: read") && r.summary().contains("```yaml\npermissions:"), r.toString());
        JsonNode failed = onlyCheckRunCreated();
        assertEquals("failure", failed.path("conclusion").asText(), "an earlier passing ai-gate check on the head cannot stand");
        assertEquals(FakeGitHub.EXAMPLE_HEAD_SHA, failed.path("head_sha").asText(), "the head the payload names");
        assertEquals("Could not judge this pull request", failed.path("output").path("title").asText());
        assertTrue(failed.path("output").path("summary").asText().contains("`pull-requests: read`"), failed.toString());
        assertTrue(r.out().contains("posted a failing ai-gate check run"), r.toString());
    }

    @Test
    void aTokenWithoutContentsReadSaysSo() throws Exception {
        agentPullRequest();
        String policyPath = "/repos/" + FakeGitHub.REPO + "/contents/.github/ai-gate.yml";
        github.removeGetStubs(policyPath);
        github.stub(get(urlPathEqualTo(policyPath))
                .willReturn(FakeGitHub.json(403, "{\"message\":\"Resource not accessible by integration\"}")));
        ActionProcess.Result r = run("pull_request_target", Fixtures.webhook("pull_request", "opened.2"), Map.of());

        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("The token lacks `contents: read`"), r.toString());
        assertEquals("failure", onlyCheckRunCreated().path("conclusion").asText());
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void agentPullRequest() {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), AGENT_POLICY);
    }

    private JsonNode onlyCheckRunCreated() {
        List<JsonNode> created = github.requests(q -> q.getMethod().getName().equals("POST") && q.getUrl().endsWith("/check-runs"))
                .stream().map(q -> Fixtures.parse(q.getBodyAsString())).toList();
        assertEquals(1, created.size(), created.toString());
        return created.get(0);
    }

    /** The step as docs/action.md's workflow runs it, with {@code with} changed as given. */
    private ActionProcess.Result run(String event, JsonNode payload, Map<String, String> with) throws Exception {
        Path eventFile = Files.createTempFile(dir, "event", ".json");
        Files.write(eventFile, Fixtures.toBytes(payload));
        Path summary = dir.resolve("summary-" + eventFile.getFileName() + ".md");
        Map<String, Object> inputs = new HashMap<>();
        Object docWith = ActionDefinition.gateStep(ActionDefinition.docWorkflow()).get("with");
        if (docWith instanceof Map<?, ?> m) {
            m.forEach((k, v) -> inputs.put(String.valueOf(k), v));
        }
        inputs.putAll(with);
        Map<String, String> env = new HashMap<>(ActionDefinition.jarEnv(inputs, JOB_TOKEN));
        env.put("GITHUB_EVENT_NAME", event);
        env.put("GITHUB_EVENT_PATH", eventFile.toString());
        env.put("GITHUB_API_URL", github.url());
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_REPOSITORY", FakeGitHub.REPO);
        env.put("GITHUB_RUN_ID", "42");
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("RUNNER_TEMP", dir.toString());
        ActionProcess.Result result = ActionProcess.run(env, dir);
        System.out.println(event + " " + with + ": " + result); // kept in target/surefire-reports/*-output.txt
        return result;
    }
}
