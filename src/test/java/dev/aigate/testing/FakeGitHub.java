package dev.aigate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

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
    /** The head SHA of the webhook examples. */
    public static final String EXAMPLE_HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static final AtomicLong HEADS = new AtomicLong();

    /** The head SHA of the pull request the fake serves now (fresh for each {@link #pullRequest}). */
    private String headSha = EXAMPLE_HEAD_SHA;

    private final WireMockServer server;
    private final String basePath;
    private final AtomicLong checkRunIds = new AtomicLong(4000);

    public FakeGitHub() {
        this(new Extension[0]);
    }

    /** A fake with WireMock extensions, e.g. a request filter that observes the store as each call arrives. */
    public FakeGitHub(Extension... extensions) {
        this("", extensions);
    }

    /**
     * A fake whose API lives under {@code basePath}, as GitHub Enterprise Server's does under {@code /api/v3}: every
     * stub this class installs, and every path its methods take, is under it; a request outside it is unmatched.
     * Paths given to {@link #stubGet}, {@link #removeGetStubs} and {@link #stubPages} are API paths (without the base);
     * a {@link MappingBuilder} given to {@link #stub} is taken as is (build its URL with {@link #path}).
     */
    public static FakeGitHub underPath(String basePath, Extension... extensions) {
        return new FakeGitHub(basePath, extensions);
    }

    private FakeGitHub(String basePath, Extension... extensions) {
        if (!basePath.isEmpty() && (!basePath.startsWith("/") || basePath.endsWith("/"))) {
            throw new IllegalArgumentException("a base path starts with / and does not end with one: " + basePath);
        }
        this.basePath = basePath;
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(extensions));
        server.start();
        reset();
    }

    /** The API URL to configure the client under test with: the server's root plus the base path, if any. */
    public String url() {
        return server.baseUrl() + basePath;
    }

    /** The base path the API lives under: empty, or e.g. {@code /api/v3}. */
    public String basePath() {
        return basePath;
    }

    /** The request path of an API path, e.g. {@code /api/v3/repos/o/r} for {@code /repos/o/r} under {@code /api/v3}. */
    public String path(String apiPath) {
        return basePath + apiPath;
    }

    /** A regular expression for the request path of an API path given as a regular expression. */
    private String pathRegex(String apiPathRegex) {
        return (basePath.isEmpty() ? "" : Pattern.quote(basePath)) + apiPathRegex;
    }

    public WireMockServer server() {
        return server;
    }

    /**
     * Clears stubs and the journal, and installs the catch-all and token stubs, and the two reads every
     * evaluation makes besides the pull request's own: its issue view ({@code performed_via_github_app}
     * null, as the example says) and the organisation's absent {@code ai-gate-signals.yml}, both with an
     * ETag so that a repeat is a 304, as GitHub answers. A test stubs either itself to say otherwise.
     */
    public void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(599)
                .withBody("{\"message\":\"no stub for this request in the test\"}")));
        String issues = pathRegex("/repos/[^/]+/[^/]+/issues/\\d+");
        server.stubFor(get(urlPathMatching(issues)).withHeader("If-None-Match", equalTo("\"issue-view\"")).atPriority(49)
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"issue-view\"")));
        server.stubFor(get(urlPathMatching(issues)).atPriority(50).willReturn(json(200,
                Fixtures.rest("issues.get.200.derived").toString()).withHeader("ETag", "\"issue-view\"")));
        String signals = pathRegex("/repos/[^/]+/\\.github/contents/ai-gate-signals\\.yml");
        server.stubFor(get(urlPathMatching(signals)).withHeader("If-None-Match", equalTo("\"no-signals\"")).atPriority(49)
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"no-signals\"")));
        server.stubFor(get(urlPathMatching(signals)).atPriority(50).willReturn(json(404, "{\"message\":\"Not Found\"}")
                .withHeader("ETag", "\"no-signals\"")));
        server.stubFor(post(urlPathMatching(pathRegex("/app/installations/\\d+/access_tokens")))
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(json(201, "{\"token\":\"" + TOKEN + "\",\"expires_at\":\""
                        + Instant.now().plus(Duration.ofHours(1)) + "\"}")));
    }

    /**
     * Delays every answer by {@code millis}, as a round trip to api.github.com would (typically 50-150 ms), so a
     * benchmark can count round trips and a test can see which requests were in flight together. 0 turns it off.
     * Kept across {@link #reset()}.
     */
    public void delayEveryResponse(int millis) {
        server.setGlobalFixedDelay(millis);
    }

    /** Served requests other than token minting, in order of arrival. */
    public List<ServeEvent> apiServeEvents() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents().stream()
                .filter(e -> !e.getRequest().getUrl().contains("/access_tokens")).toList());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        return events;
    }

    /**
     * The most of these requests that were waiting for their answer at the same moment, with answers delayed by
     * {@link #delayEveryResponse}: each request counts from its arrival until its delay ran out (shrunk by a
     * millisecond at each end, the journal's resolution), a time the client certainly spent waiting on it.
     */
    public static int maxInFlight(List<ServeEvent> events) {
        List<long[]> edges = new ArrayList<>();
        for (ServeEvent e : events) {
            long start = e.getRequest().getLoggedDate().getTime() + 1;
            long end = e.getRequest().getLoggedDate().getTime() + e.getTiming().getAddedDelay() - 1;
            if (end > start) {
                edges.add(new long[]{start, 1});
                edges.add(new long[]{end, -1});
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
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

    /** Adds a stub; the mapping returned is the handle to remove exactly it ({@code server().removeStub}). */
    public com.github.tomakehurst.wiremock.stubbing.StubMapping stub(MappingBuilder mapping) {
        return server.stubFor(mapping);
    }

    /**
     * Serves a GET like GitHub does: with an ETag, and a 304 when the client sends it back.
     */
    public void stubGet(String path, int status, String contentType, String body) {
        removeGetStubs(path);
        String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
        server.stubFor(get(urlPathEqualTo(path(path))).withHeader("If-None-Match", equalTo(etag)).atPriority(1)
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
        server.stubFor(get(urlPathEqualTo(path(path))).atPriority(2).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", contentType).withHeader("ETag", etag)
                .withHeader("Cache-Control", "private, max-age=60, s-maxage=60").withBody(body)));
    }

    /** Drops the GET stubs of a path, so that a scenario can serve it differently. */
    public void removeGetStubs(String path) {
        server.getStubMappings().stream()
                .filter(m -> m.getRequest().getUrlPath() != null && m.getRequest().getUrlPath().equals(path(path)))
                .toList().forEach(server::removeStubMapping);
    }

    private void stubJson(String path, String body) {
        stubGet(path, 200, "application/json; charset=utf-8", body);
    }

    /** Requests that reached the fake, except token minting. */
    public List<LoggedRequest> apiRequests() {
        return requests(r -> !r.getUrl().contains("/access_tokens"));
    }

    // ---- pull request data -------------------------------------------------------------------------

    public String headSha() {
        return headSha;
    }

    /**
     * The REST pull request, built from the webhook example's pull_request, with a head SHA of its
     * own so that every scenario is a new head.
     */
    public ObjectNode pullRequest(String authorLogin, long authorId, String authorType) {
        ObjectNode pr = (ObjectNode) Fixtures.webhook("pull_request", "opened.2").get("pull_request").deepCopy();
        headSha = String.format("%040x", System.nanoTime() ^ (HEADS.incrementAndGet() << 48));
        ((ObjectNode) pr.get("head")).put("sha", headSha);
        ObjectNode user = (ObjectNode) pr.get("user");
        user.put("login", authorLogin).put("id", authorId).put("type", authorType);
        return pr;
    }

    public void stubPullRequest(ObjectNode pr) {
        stubJson("/repos/" + REPO + "/pulls/" + pr.get("number").asInt(), pr.toString());
    }

    public void stubFiles(int number, String... filenames) {
        ArrayNode files = Fixtures.JSON.createArrayNode();
        for (String name : filenames) {
            files.addObject().put("sha", "bbcd538c8e72b8c175046e27cc8f907076331401").put("filename", name)
                    .put("status", "modified").put("additions", 10).put("deletions", 2).put("changes", 12);
        }
        stubJson("/repos/" + REPO + "/pulls/" + number + "/files", files.toString());
    }

    /**
     * Serves a list in pages of 100 with GitHub's Link header, as the real API does; {@code arrayField}
     * wraps each page's items in an object that states {@code total_count} (check runs, statuses), or is null.
     */
    public void stubPages(String path, ArrayNode all, String arrayField, int totalCount) {
        removeGetStubs(path);
        int pages = Math.max(1, (all.size() + 99) / 100);
        for (int page = 1; page <= pages; page++) {
            ArrayNode slice = Fixtures.JSON.createArrayNode();
            for (int i = (page - 1) * 100; i < Math.min(all.size(), page * 100); i++) {
                slice.add(all.get(i));
            }
            String body = slice.toString();
            if (arrayField != null) {
                ObjectNode wrapped = Fixtures.JSON.createObjectNode().put("total_count", totalCount);
                wrapped.set(arrayField, slice);
                body = wrapped.toString();
            }
            var response = json(200, body);
            if (page < pages) {
                response = response.withHeader("Link", "<" + url() + path + "?per_page=100&page=" + (page + 1)
                        + ">; rel=\"next\", <" + url() + path + "?per_page=100&page=" + pages + ">; rel=\"last\"");
            }
            var request = get(urlPathEqualTo(path(path)));
            server.stubFor((page == 1 ? request.withQueryParam("per_page", equalTo("100")).atPriority(9)
                    : request.withQueryParam("page", equalTo(Integer.toString(page))).atPriority(1)).willReturn(response));
        }
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
        stubJson("/repos/" + REPO + "/pulls/" + number + "/commits", commits.toString());
    }

    /** Reviews: each entry is {@code login:STATE}, given on the head SHA. */
    public void stubReviews(int number, String... reviews) {
        JsonNode example = Fixtures.rest("pulls.list-reviews.200.default").get(0);
        ArrayNode out = Fixtures.JSON.createArrayNode();
        long id = 80;
        for (String r : reviews) {
            String[] parts = r.split(":");
            ObjectNode review = example.deepCopy();
            review.put("id", id++).put("state", parts[1]).put("commit_id", headSha)
                    .put("submitted_at", "2026-11-20T10:00:00Z");
            ((ObjectNode) review.get("user")).put("login", parts[0]).put("id", 9000 + id).put("type", "User");
            out.add(review);
        }
        stubJson("/repos/" + REPO + "/pulls/" + number + "/reviews", out.toString());
    }

    /**
     * The reads of an evaluation for any pull request of {@link #REPO}, for tests that run many at once: one changed
     * file (listed after {@code filesDelayMs}, to keep evaluations in flight), the example commit, no reviews, no
     * other pull requests on the head, no checks, and {@code policies/agents-need-review.yml} as the policy.
     */
    public void stubEvaluationReadsForAnyPullRequest(int filesDelayMs) {
        ArrayNode files = Fixtures.JSON.createArrayNode();
        files.addObject().put("filename", "src/App.java").put("status", "modified").put("additions", 3).put("deletions", 1);
        server.stubFor(get(urlPathMatching(pathRegex("/repos/" + REPO + "/pulls/\\d+/files")))
                .willReturn(json(200, files.toString()).withFixedDelay(filesDelayMs)));
        JsonNode commit = Fixtures.rest("pulls.list-commits.200.default");
        server.stubFor(get(urlPathMatching(pathRegex("/repos/" + REPO + "/pulls/\\d+/commits"))).willReturn(json(200, commit.toString())));
        server.stubFor(get(urlPathMatching(pathRegex("/repos/" + REPO + "/pulls/\\d+/reviews"))).willReturn(json(200, "[]")));
        server.stubFor(get(urlPathMatching(pathRegex("/repos/" + REPO + "/commits/[0-9a-f]{40}/pulls"))).willReturn(json(200, "[]")));
        server.stubFor(get(urlPathMatching(pathRegex("/repos/" + REPO + "/commits/[0-9a-f]{40}/check-runs")))
                .willReturn(json(200, "{\"total_count\":0,\"check_runs\":[]}")));
        server.stubFor(get(urlPathEqualTo(path("/repos/" + REPO + "/contents/.github/ai-gate.yml")))
                .willReturn(aResponse().withStatus(200).withBody(Fixtures.text("policies/agents-need-review.yml"))));
    }

    public void stubNoChecks() {
        stubJson("/repos/" + REPO + "/commits/" + headSha + "/check-runs", "{\"total_count\":0,\"check_runs\":[]}");
        stubJson("/repos/" + REPO + "/commits/" + headSha + "/status",
                "{\"state\":\"pending\",\"statuses\":[],\"sha\":\"" + headSha + "\",\"total_count\":0}");
    }

    /** The repository policy on the base branch ({@code master} in the example). */
    public void stubRepoPolicy(String yaml) {
        stubGet("/repos/" + REPO + "/contents/.github/ai-gate.yml", 200, "application/vnd.github.raw+json", yaml);
    }

    public void stubNoRepoPolicy() {
        server.stubFor(get(urlPathEqualTo(path("/repos/" + REPO + "/contents/.github/ai-gate.yml")))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
    }

    public void stubNoOrgPolicy() {
        server.stubFor(get(urlPathEqualTo(path("/repos/Codertocat/.github/contents/ai-gate.yml")))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
    }

    public void stubNoGitattributes() {
        server.stubFor(get(urlPathEqualTo(path("/repos/" + REPO + "/contents/.gitattributes")))
                .willReturn(json(404, "{\"message\":\"Not Found\"}")));
    }

    /** Check-run create and update. */
    public void stubCheckRunWrites() {
        server.stubFor(post(urlPathEqualTo(path("/repos/" + REPO + "/check-runs")))
                .willReturn(json(201, checkRun(checkRunIds.incrementAndGet(), "in_progress"))));
        server.stubFor(patch(urlPathMatching(pathRegex("/repos/" + REPO + "/check-runs/\\d+")))
                .willReturn(json(200, checkRun(checkRunIds.get(), "completed"))));
    }

    /**
     * Check-run create and update for any number of heads at once: each created run gets its own random id and
     * echoes the head SHA it was created on; an update echoes its id as completed.
     */
    public void stubCheckRunWritesForAnyHead() {
        server.stubFor(post(urlPathEqualTo(path("/repos/" + REPO + "/check-runs"))).willReturn(
                json(201, "{\"id\": {{randomInt lower=1000000 upper=2000000000}}, \"name\": \"ai-gate\","
                        + " \"head_sha\": \"{{jsonPath request.body '$.head_sha'}}\", \"status\": \"{{jsonPath request.body '$.status'}}\"}")
                        .withTransformers("response-template")));
        server.stubFor(patch(urlPathMatching(pathRegex("/repos/" + REPO + "/check-runs/\\d+"))).willReturn(
                json(200, "{\"id\": {{request.pathSegments.[4]}}, \"name\": \"ai-gate\", \"status\": \"completed\"}")
                        .withTransformers("response-template")));
    }

    private String checkRun(long id, String status) {
        ObjectNode run = (ObjectNode) Fixtures.rest("checks.create.201.example-of-in-progress-conclusion").deepCopy();
        run.put("id", id).put("status", status).put("head_sha", headSha).put("name", "ai-gate");
        return run.toString();
    }

    /** The open pull requests whose head is the current head commit. */
    public void stubPullsWithHead(int... numbers) {
        ArrayNode out = Fixtures.JSON.createArrayNode();
        for (int n : numbers) {
            ObjectNode p = out.addObject().put("number", n).put("state", "open");
            p.putObject("head").put("sha", headSha);
            p.putObject("base").putObject("repo").put("full_name", REPO);
        }
        stubJson("/repos/" + REPO + "/commits/" + headSha + "/pulls", out.toString());
    }

    /** Everything a plain evaluation of PR #2 reads, with the given policy. */
    public void stubTypicalPullRequest(ObjectNode pr, String policyYaml) {
        int n = pr.get("number").asInt();
        stubPullRequest(pr);
        stubPullsWithHead(n);
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

    /**
     * Bodies of the check-run writes that carry an output, oldest first: a create that is already completed (a quick
     * first evaluation) and every update (PATCH); not the create of an in-progress run.
     */
    public List<JsonNode> completions() {
        return requests(FakeGitHub::isCheckRunWrite).stream().map(r -> Fixtures.parse(r.getBodyAsString()))
                .filter(b -> b.has("output") || "completed".equals(b.path("status").asText())).toList();
    }

    /** Every check-run create (POST) and update (PATCH), in the journal's order. */
    public List<LoggedRequest> checkRunWrites() {
        return requests(FakeGitHub::isCheckRunWrite);
    }

    private static boolean isCheckRunWrite(LoggedRequest r) {
        String method = r.getMethod().getName();
        return (method.equals("POST") && r.getUrl().endsWith("/check-runs"))
                || (method.equals("PATCH") && r.getUrl().contains("/check-runs/"));
    }

    /** Head SHA -> ids of the check runs created on it, from the journal (request head_sha, response id). */
    public Map<String, List<Long>> checkRunsByHead() {
        Map<String, List<Long>> out = new TreeMap<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            if (e.getRequest().getMethod().getName().equals("POST") && e.getRequest().getUrl().endsWith("/check-runs")) {
                String sha = Fixtures.parse(e.getRequest().getBodyAsString()).path("head_sha").asText();
                out.computeIfAbsent(sha, s -> new ArrayList<>()).add(Fixtures.parse(e.getResponse().getBodyAsString()).path("id").asLong());
            }
        }
        return out;
    }

    /** Check run id -> body of its latest write: its create (POST) or its latest update (PATCH), by arrival. */
    public Map<Long, JsonNode> lastCheckRunUpdates() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        Map<Long, JsonNode> out = new HashMap<>();
        for (ServeEvent e : events) {
            String url = e.getRequest().getUrl();
            String method = e.getRequest().getMethod().getName();
            int status = e.getResponse().getStatus();
            if (method.equals("PATCH") && url.contains("/check-runs/")) {
                out.put(Long.parseLong(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "")),
                        Fixtures.parse(e.getRequest().getBodyAsString()));
            } else if (method.equals("POST") && url.endsWith("/check-runs") && status < 300) {
                out.put(Fixtures.parse(e.getResponse().getBodyAsString()).path("id").asLong(),
                        Fixtures.parse(e.getRequest().getBodyAsString()));
            }
        }
        return out;
    }

    /** Heads that have a completed check run. */
    public List<String> completedHeads() {
        Map<Long, JsonNode> last = lastCheckRunUpdates();
        List<String> heads = new ArrayList<>();
        checkRunsByHead().forEach((sha, runs) -> {
            if (runs.stream().anyMatch(id -> last.containsKey(id) && "completed".equals(last.get(id).path("status").asText()))) {
                heads.add(sha);
            }
        });
        return heads;
    }

    /** Waits until {@code count} check runs were completed, or fails. */
    public List<JsonNode> awaitCompletions(int count, Duration timeout) {
        try {
            return Eventually.eventually(count + " completed check run(s)").atMost(Eventually.DEADLINE.plus(timeout))
                    .until(() -> completions().stream().filter(b -> "completed".equals(b.path("status").asText())).toList(),
                            done -> done.size() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " completed check run(s), saw " + completions().size()
                    + "; unmatched requests: " + unmatched().stream().map(LoggedRequest::getUrl).toList(), e);
        }
    }

    /**
     * Waits until no request has arrived for {@code quiet}, so trailing work is done. Only for servers in processes
     * of their own, whose queue a test cannot watch; in-process tests wait for an empty queue instead
     * ({@code EndToEndTestBase.awaitQueueEmpty}).
     */
    public void awaitQuiet(Duration quiet) {
        int[] seen = {-1};
        Instant[] lastChange = {Instant.now()};
        Eventually.eventually("no request to the fake GitHub for " + quiet).until(() -> {
            int now = server.getAllServeEvents().size();
            if (now != seen[0]) {
                seen[0] = now;
                lastChange[0] = Instant.now();
                return false;
            }
            return Duration.between(lastChange[0], Instant.now()).compareTo(quiet) >= 0;
        });
    }

    /** Waits until the pull request was read {@code count} times (each evaluation reads it once). */
    public void awaitEvaluations(int number, int count, Duration timeout) {
        String path = path("/repos/" + REPO + "/pulls/" + number);
        Eventually.eventually(count + " evaluation(s) of #" + number).atMost(Eventually.DEADLINE.plus(timeout))
                .until(() -> requests(r -> r.getMethod().getName().equals("GET") && r.getUrl().equals(path)).size() >= count);
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
