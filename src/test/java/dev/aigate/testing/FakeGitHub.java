package dev.aigate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A fake GitHub REST API on WireMock, answering with GitHub's own example payloads adjusted per
 * scenario. Any request no stub matches gets a 599 and is reported by {@link #unmatched()}, so a
 * test can fail on a call it did not expect (as hub4j's own tests do).
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String TOKEN = "ghs_testInstallationToken0000000000000000";
    public static final long INSTALLATION = 1;
    public static final String REPO = "Codertocat/Hello-World";
    public static final String HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

    private final WireMockServer server;
    private final AtomicLong checkRunIds = new AtomicLong(4000);

    public FakeGitHub() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        reset();
    }

    public String url() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /** Clears stubs and the journal, and installs the catch-all and token stubs. */
    public void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(599)
                .withBody("{\"message\":\"no stub for this request in the test\"}")));
        server.stubFor(post(urlPathMatching("/app/installations/\\d+/access_tokens"))
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(json(201, "{\"token\":\"" + TOKEN + "\",\"expires_at\":\""
                        + Instant.now().plus(Duration.ofHours(1)) + "\"}")));
    }

    /** Requests no stub answered (they got 599). */
    public List<LoggedRequest> unmatched() {
        return server.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 599)
                .map(e -> (LoggedRequest) e.getRequest()).toList();
    }

    public List<LoggedRequest> requests(Predicate<LoggedRequest> filter) {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()))
                .stream().filter(filter).toList();
    }

    public void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    // ---- pull request data -------------------------------------------------------------------------

    /** The REST pull request, built from the webhook example's pull_request (same PR, same SHAs). */
    public static ObjectNode pullRequest(String authorLogin, long authorId, String authorType) {
        ObjectNode pr = (ObjectNode) Fixtures.webhook("pull_request", "opened.2").get("pull_request").deepCopy();
        ObjectNode user = (ObjectNode) pr.get("user");
        user.put("login", authorLogin).put("id", authorId).put("type", authorType);
        return pr;
    }

    public void stubPullRequest(ObjectNode pr) {
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/pulls/" + pr.get("number").asInt()))
                .willReturn(json(200, pr.toString()).withHeader("ETag", "\"pr-" + pr.hashCode() + "\"")));
    }

    public void stubFiles(int number, String... filenames) {
        ArrayNode files = Fixtures.JSON.createArrayNode();
        for (String name : filenames) {
            files.addObject().put("sha", "bbcd538c8e72b8c175046e27cc8f907076331401").put("filename", name)
                    .put("status", "modified").put("additions", 10).put("deletions", 2).put("changes", 12);
        }
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/pulls/" + number + "/files"))
                .willReturn(json(200, files.toString())));
    }

    /** Commits from GitHub's example, with the given messages (one commit per message). */
    public void stubCommits(int number, String... messages) {
        JsonNode example = Fixtures.rest("pulls.list-commits.200.default").get(0);
        ArrayNode commits = Fixtures.JSON.createArrayNode();
        int i = 0;
        for (String message : messages) {
            ObjectNode c = example.deepCopy();
            c.put("sha", String.format("%040x", 0xabc000 + i++));
            ((ObjectNode) c.get("commit")).put("message", message);
            commits.add(c);
        }
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/pulls/" + number + "/commits"))
                .willReturn(json(200, commits.toString())));
    }

    /** Reviews: each entry is {@code login:STATE}, given on the head SHA. */
    public void stubReviews(int number, String... reviews) {
        JsonNode example = Fixtures.rest("pulls.list-reviews.200.default").get(0);
        ArrayNode out = Fixtures.JSON.createArrayNode();
        long id = 80;
        for (String r : reviews) {
            String[] parts = r.split(":");
            ObjectNode review = example.deepCopy();
            review.put("id", id++).put("state", parts[1]).put("commit_id", HEAD_SHA)
                    .put("submitted_at", "2026-11-20T10:00:00Z");
            ((ObjectNode) review.get("user")).put("login", parts[0]).put("id", 9000 + id).put("type", "User");
            out.add(review);
        }
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/pulls/" + number + "/reviews"))
                .willReturn(json(200, out.toString())));
    }

    public void stubNoChecks() {
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/commits/" + HEAD_SHA + "/check-runs"))
                .willReturn(json(200, "{\"total_count\":0,\"check_runs\":[]}")));
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/commits/" + HEAD_SHA + "/status"))
                .willReturn(json(200, "{\"state\":\"pending\",\"statuses\":[],\"sha\":\"" + HEAD_SHA + "\",\"total_count\":0}")));
    }

    /** The repository policy on the base branch ({@code master} in the example). */
    public void stubRepoPolicy(String yaml) {
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/contents/.github/ai-gate.yml"))
                .withQueryParam("ref", equalTo("master"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw+json")
                        .withBody(yaml)));
    }

    public void stubNoRepoPolicy() {
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/contents/.github/ai-gate.yml"))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
    }

    public void stubNoOrgPolicy() {
        server.stubFor(get(urlPathEqualTo("/repos/Codertocat/.github/contents/ai-gate.yml"))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
    }

    public void stubNoGitattributes() {
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/contents/.gitattributes"))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
    }

    /** The repository (hub4j reads it before writing check runs) and check-run create/update. */
    public void stubCheckRunWrites() {
        ObjectNode repo = Fixtures.webhook("pull_request", "opened.2").get("repository").deepCopy();
        repo.put("url", url() + "/repos/" + REPO);
        server.stubFor(get(urlPathEqualTo("/repos/" + REPO)).willReturn(json(200, repo.toString())));
        server.stubFor(post(urlPathEqualTo("/repos/" + REPO + "/check-runs"))
                .willReturn(json(201, checkRun(checkRunIds.incrementAndGet(), "in_progress"))));
        server.stubFor(patch(urlPathMatching("/repos/" + REPO + "/check-runs/\\d+"))
                .willReturn(json(200, checkRun(checkRunIds.get(), "completed"))));
    }

    private static String checkRun(long id, String status) {
        ObjectNode run = (ObjectNode) Fixtures.rest("checks.create.201.example-of-in-progress-conclusion").deepCopy();
        run.put("id", id).put("status", status).put("head_sha", HEAD_SHA).put("name", "ai-gate");
        return run.toString();
    }

    /** Everything a plain evaluation of PR #2 reads, with the given policy. */
    public void stubTypicalPullRequest(ObjectNode pr, String policyYaml) {
        int n = pr.get("number").asInt();
        stubPullRequest(pr);
        stubFiles(n, "src/main/java/App.java", "README.md");
        stubCommits(n, "Fix the greeting");
        stubReviews(n);
        stubNoChecks();
        if (policyYaml == null) {
            stubNoRepoPolicy();
            stubNoOrgPolicy();
        } else {
            stubRepoPolicy(policyYaml);
        }
        stubNoGitattributes();
        stubCheckRunWrites();
    }

    /** Bodies of the check-run PATCH requests (completions), oldest first. */
    public List<JsonNode> completions() {
        return requests(r -> r.getMethod().getName().equals("PATCH") && r.getUrl().contains("/check-runs/"))
                .stream().map(r -> Fixtures.parse(r.getBodyAsString())).toList();
    }

    /** Waits until {@code count} check runs were completed, or fails. */
    public List<JsonNode> awaitCompletions(int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<JsonNode> done = completions().stream()
                    .filter(b -> "completed".equals(b.path("status").asText())).toList();
            if (done.size() >= count) {
                return done;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("expected " + count + " completed check run(s) within " + timeout + ", saw "
                + completions().size() + "; unmatched requests: " + unmatched().stream().map(LoggedRequest::getUrl).toList());
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
