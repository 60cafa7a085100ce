package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.aigate.store.TestDatabases;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import dev.aigate.testing.WebhookSender;
import dev.aigate.webhook.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two full server processes (the real {@code dev.aigate.Application}, as {@link ServerCrashTest} starts it) on one
 * PostgreSQL schema and one fake GitHub, fed the same 500 signed {@code pull_request.synchronize} deliveries (50
 * pull requests, 10 pushes each, every push moving the pull request's head forward) through both at once: each
 * delivery id is posted to both servers concurrently.
 *
 * <p>The two servers call the fake GitHub under different host names (127.0.0.1 and 127.0.0.2), so every call
 * says which replica made it. As each call about a pull request arrives, a WireMock request filter reads that
 * pull request's {@code aigate_work} row: the state, the lease owner (the process id of the replica holding the
 * lease), the lease token (fresh for every claim) and the claimed generation (the coalesced state the run
 * covers). What is asserted:
 * <ul>
 *   <li><b>Each delivery is accepted once in total</b>: of the two answers for one delivery id, one is
 *       {@code 202 accepted} and the other {@code 200 duplicate}; {@code aigate_delivery} holds 500 rows; each
 *       pull request's work row counted exactly 10 events (generation 10, not 20).</li>
 *   <li><b>No pull request is evaluated by two replicas at once</b>: every GitHub call about a pull request is
 *       made by the replica that holds its lease at that moment, and the calls of one claim (one lease token)
 *       form one unbroken block, opened by the read of the pull request: no other evaluation's call about that
 *       pull request falls inside it, from either replica.</li>
 *   <li><b>Exactly once per coalesced state</b>: per pull request, the claimed generations of successive
 *       evaluations strictly increase (no two evaluations covered the same state), each claim evaluated once, and
 *       the last evaluation covered generation 10, the newest event.</li>
 *   <li><b>Nothing lost</b>: every pull request ends with exactly one completed {@code ai-gate} check run on
 *       its newest head with the correct conclusion, no head got two check runs, every created run was completed,
 *       the decision log holds one record per observed evaluation on the head it read, and all work is idle.</li>
 *   <li><b>Both replicas worked</b>: each made evaluations (from the calls), and the servers' own
 *       {@code aigate_queue_jobs_total{outcome="completed"}} counters sum to the evaluations observed, with no
 *       retried, lost-lease or parked runs.</li>
 * </ul>
 * What is not observable from outside: the few store writes a run makes after its last GitHub call (decision
 * record, completion). Those are covered by the queue's own guarantees (every update is conditional on the
 * lease token) and by {@code dev.aigate.queue.TwoReplicasTest}, which watches the handler itself.
 */
class TwoServersTest {

    static final int PULLS = 50;
    static final int PUSHES = 10;
    static final String SECRET = "two-servers-secret";
    /** The host each replica uses for the fake GitHub, so the fake can tell their calls apart. */
    static final List<String> HOSTS = List.of("127.0.0.1", "127.0.0.2");

    final LeaseProbe probe = new LeaseProbe();
    final FakeGitHub github = new FakeGitHub(probe);
    final List<Process> servers = new ArrayList<>();
    TestDatabases.Db db;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : servers) {
            p.destroyForcibly().waitFor();
        }
        if (db != null) {
            db.close();
        }
        github.close();
    }

    /** The k-th head of pull request n: hex digits that spell n and k. */
    static String head(int n, int k) {
        return String.format("%028x%06d%06d", 0xfeedfaceL, n, k);
    }

    /** The pull request a head belongs to, or -1 for a SHA this test did not make. */
    static int pullOf(String sha) {
        return sha != null && sha.length() == 40 && sha.startsWith(String.format("%028x", 0xfeedfaceL))
                ? Integer.parseInt(sha.substring(28, 34)) : -1;
    }

    /** Even pull requests were opened by the Copilot agent (and need an approval), odd ones by a person. */
    static boolean agent(int n) {
        return n % 2 == 0;
    }

    static String conclusion(int n) {
        return agent(n) ? "failure" : "success";
    }

    @Test
    void twoServersShareFiveHundredDeliveriesWithoutDoubleRunsOverlapsOrLosses(@TempDir Path data) throws Exception {
        db = TestDatabases.postgres(); // a schema of its own, dropped afterwards
        probe.store = db.dataSource();
        stubGitHub();
        Path key = data.resolve("key.pem");
        Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));

        Instant begin = Instant.now();
        int[] ports = {ServerProcess.freePort(), ServerProcess.freePort()};
        Path[] logs = {data.resolve("server-a.log"), data.resolve("server-b.log")};
        Map<String, Long> pidByHost = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Process p = launch(data.resolve("data-" + i), key, logs[i], ports[i], HOSTS.get(i));
            pidByHost.put(HOSTS.get(i), p.pid());
        }
        for (int i = 0; i < 2; i++) {
            ServerProcess.awaitHealth("http://127.0.0.1:" + ports[i], servers.get(i), logs[i]);
        }
        Instant started = Instant.now();

        // 10 rounds; in each, every pull request's head moves forward, then its delivery goes to both servers at once.
        List<WebhookSender> replicas = List.of(new WebhookSender("http://127.0.0.1:" + ports[0], SECRET),
                new WebhookSender("http://127.0.0.1:" + ports[1], SECRET));
        Map<String, List<String>> answers = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        Random random = new Random(42);
        try {
            for (int k = 1; k <= PUSHES; k++) {
                for (int n = 1; n <= PULLS; n++) {
                    serveHead(n, k);
                }
                List<Future<?>> round = new ArrayList<>();
                for (int n = 1; n <= PULLS; n++) {
                    byte[] body = Fixtures.toBytes(synchronize(n, k));
                    String signature = WebhookSignature.sign(body, SECRET);
                    String delivery = "delivery-" + n + "-" + k;
                    List<WebhookSender> order = new ArrayList<>(replicas);
                    Collections.shuffle(order, random); // neither replica is always asked first
                    for (WebhookSender replica : order) {
                        round.add(senders.submit(() -> {
                            HttpResponse<String> r = replica.send("pull_request", delivery, body, signature);
                            answers.computeIfAbsent(delivery, d -> new CopyOnWriteArrayList<>())
                                    .add(r.statusCode() + " " + Fixtures.parse(r.body()).path("status").asText());
                            return null;
                        }));
                    }
                }
                for (Future<?> f : round) {
                    f.get();
                }
            }
        } finally {
            senders.shutdownNow();
        }
        Instant sent = Instant.now();
        // Every row idle with its newest event covered: no evaluation runs or is due, so no GitHub call is to come.
        awaitAllIdle(Duration.ofSeconds(60));
        Instant settled = Instant.now();

        // Each delivery accepted once in total, by one replica; the other saw a duplicate.
        assertEquals(PULLS * PUSHES, answers.size());
        answers.forEach((delivery, replies) -> {
            List<String> sorted = new ArrayList<>(replies);
            Collections.sort(sorted);
            assertEquals(List.of("200 duplicate", "202 accepted"), sorted, delivery + " was accepted exactly once");
        });
        assertEquals(PULLS * PUSHES, count("SELECT COUNT(*) FROM aigate_delivery"), "one inbox row per delivery id");
        List<Map<String, Object>> work = rows("SELECT pr_number, state, generation, claimed_generation, attempts"
                + " FROM aigate_work ORDER BY pr_number");
        assertEquals(PULLS, work.size(), "one work row per pull request, and nothing else: " + work);
        for (Map<String, Object> row : work) {
            assertEquals(List.of("idle", (long) PUSHES, (long) PUSHES, 0),
                    List.of(row.get("state"), row.get("generation"), row.get("claimed_generation"), row.get("attempts")),
                    "#" + row.get("pr_number") + " counted each of its " + PUSHES + " events once and covered the newest");
        }

        // Every call was one the fake expected (a 599 would have made a run fail and be retried).
        assertEquals(List.of(), github.unmatched().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList());
        // Every GitHub call about a pull request came from the replica holding its lease, in unbroken blocks per claim.
        assertEquals(List.of(), probe.problems, "every call about a pull request could be attributed");
        Map<Integer, List<Evaluation>> evaluations = evaluations(pidByHost);
        assertEquals(PULLS, evaluations.size(), "every pull request was evaluated");
        Map<String, Integer> byReplica = new TreeMap<>();
        int total = 0;
        for (Map.Entry<Integer, List<Evaluation>> e : evaluations.entrySet()) {
            int n = e.getKey();
            List<Evaluation> runs = e.getValue();
            for (int i = 1; i < runs.size(); i++) {
                assertTrue(runs.get(i).generation() > runs.get(i - 1).generation(),
                        "#" + n + " was evaluated twice for one coalesced state: " + runs);
            }
            assertEquals(PUSHES, runs.get(runs.size() - 1).generation(), "#" + n + "'s last evaluation covers its newest event");
            assertEquals(head(n, PUSHES), runs.get(runs.size() - 1).head(), "#" + n + "'s last evaluation read its newest head");
            for (Evaluation run : runs) {
                byReplica.merge(run.host(), 1, Integer::sum);
            }
            total += runs.size();
        }
        assertEquals(2, byReplica.size(), "both replicas evaluated: " + byReplica);

        // The servers' own counters agree: every run completed, none retried, lost its lease or parked.
        Map<String, Double> jobsA = jobs(ports[0]);
        Map<String, Double> jobsB = jobs(ports[1]);
        assertEquals(Set.of("completed"), union(jobsA.keySet(), jobsB.keySet()), "only completed runs: " + jobsA + " " + jobsB);
        assertEquals(byReplica.get(HOSTS.get(0)), jobsA.getOrDefault("completed", 0.0).intValue(), "replica A's completed runs");
        assertEquals(byReplica.get(HOSTS.get(1)), jobsB.getOrDefault("completed", 0.0).intValue(), "replica B's completed runs");

        // One decision record per evaluation, on the head that evaluation read, in the same order.
        Map<Integer, List<String>> decided = new TreeMap<>();
        Map<Integer, String> lastConclusion = new TreeMap<>();
        for (Map<String, Object> d : rows("SELECT pr_number, head_sha, conclusion FROM aigate_decision ORDER BY id")) {
            int n = (Integer) d.get("pr_number");
            decided.computeIfAbsent(n, x -> new ArrayList<>()).add((String) d.get("head_sha"));
            lastConclusion.put(n, (String) d.get("conclusion"));
        }
        for (int n = 1; n <= PULLS; n++) {
            assertEquals(evaluations.get(n).stream().map(Evaluation::head).toList(), decided.get(n),
                    "#" + n + ": one decision per evaluation, on the head it read");
            assertEquals(conclusion(n), lastConclusion.get(n), "#" + n + "'s last decision");
        }

        // On GitHub: one check run per evaluated head, all completed; the newest head's is correct.
        Map<String, List<Long>> runsByHead = github.checkRunsByHead();
        Map<Long, JsonNode> lastUpdate = github.lastCheckRunUpdates();
        runsByHead.forEach((sha, runs) -> {
            assertEquals(1, runs.size(), sha + " has exactly one check run, not " + runs);
            assertEquals("completed", lastUpdate.get(runs.get(0)).path("status").asText(), "the run on " + sha + " is completed");
        });
        for (int n = 1; n <= PULLS; n++) {
            List<Long> runs = runsByHead.getOrDefault(head(n, PUSHES), List.of());
            assertEquals(1, runs.size(), "#" + n + " has exactly one check run on its newest head, not " + runs);
            assertEquals(conclusion(n), lastUpdate.get(runs.get(0)).path("conclusion").asText(), "#" + n + " is correct");
        }

        System.out.printf("two servers: %d deliveries x 2 sent in %d ms; %d evaluations (%s) settled %d ms later;"
                        + " started in %d ms, whole run %d ms%n", PULLS * PUSHES, Duration.between(started, sent).toMillis(),
                total, byReplica, Duration.between(sent, settled).toMillis(), Duration.between(begin, started).toMillis(),
                Duration.between(begin, Instant.now()).toMillis());
    }

    /** One evaluation as seen from the fake GitHub: the calls made under one lease token. */
    record Evaluation(String host, String token, long generation, String head, List<String> calls) {
    }

    /**
     * Groups each pull request's calls by lease token, asserting on the way that each call came from the replica
     * holding the lease, that one token's calls are one unbroken block opened by the read of the pull request, and
     * that each block reads the pull request once (one evaluation per claim) and one head.
     */
    private Map<Integer, List<Evaluation>> evaluations(Map<String, Long> pidByHost) {
        Map<Integer, List<Call>> byPull = new TreeMap<>();
        List<Call> calls = new ArrayList<>(probe.calls);
        calls.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        for (Call c : calls) {
            byPull.computeIfAbsent(c.pull(), n -> new ArrayList<>()).add(c);
        }
        Map<Integer, List<Evaluation>> out = new TreeMap<>();
        for (Map.Entry<Integer, List<Call>> e : byPull.entrySet()) {
            int n = e.getKey();
            String pullPath = "GET /repos/" + FakeGitHub.REPO + "/pulls/" + n;
            List<Evaluation> runs = new ArrayList<>();
            Set<String> seenTokens = new LinkedHashSet<>();
            Call first = null;
            List<String> block = new ArrayList<>();
            Set<String> heads = new LinkedHashSet<>();
            for (Call c : e.getValue()) {
                assertEquals("running", c.state(), "#" + n + ": " + c + " came while no one held the lease");
                Long pid = pidByHost.get(c.host());
                assertTrue(pid != null && c.owner() != null && c.owner().startsWith(pid + "@"),
                        "#" + n + ": " + c + " came from " + c.host() + " (pid " + pid + ") but the lease was " + c.owner() + "'s");
                if (first == null || !first.token().equals(c.token())) {
                    if (first != null) {
                        runs.add(evaluation(n, first, block, heads));
                    }
                    assertTrue(seenTokens.add(c.token()), "#" + n + ": the calls of claim " + c.token()
                            + " were interrupted by another evaluation's: " + e.getValue());
                    assertEquals(pullPath, c.call(), "#" + n + ": an evaluation starts by reading the pull request");
                    first = c;
                    block = new ArrayList<>();
                    heads = new LinkedHashSet<>();
                } else {
                    assertEquals(first.host(), c.host(), "#" + n + ": one claim, one replica");
                    assertTrue(!c.call().equals(pullPath), "#" + n + ": claim " + c.token() + " evaluated twice: " + block);
                }
                block.add(c.call());
                if (c.head() != null) {
                    heads.add(c.head());
                }
            }
            runs.add(evaluation(n, first, block, heads));
            out.put(n, runs);
        }
        return out;
    }

    private static Evaluation evaluation(int n, Call first, List<String> block, Set<String> heads) {
        assertEquals(1, heads.size(), "#" + n + ": one evaluation, one head: " + block + " " + heads);
        return new Evaluation(first.host(), first.token(), first.claimedGeneration(), heads.iterator().next(), block);
    }

    /** One GitHub call about a pull request, with that pull request's work row as it was when the call arrived. */
    record Call(long seq, int pull, String call, String host, String head, String state, long claimedGeneration,
                String owner, String token) {
    }

    /**
     * A WireMock request filter: for each call about one of the test's pull requests, reads that pull request's
     * work row before the fake answers. The replica that made the call is waiting for the answer meanwhile, so
     * the row shows the lease under which the call was made.
     */
    static final class LeaseProbe implements StubRequestFilterV2 {
        private static final String PREFIX = "/repos/" + FakeGitHub.REPO + "/";
        private static final Pattern PULL = Pattern.compile("pulls/(\\d+)(/.*)?");
        private static final Pattern COMMIT = Pattern.compile("commits/([0-9a-f]{40})/.*");
        private static final Pattern RUN = Pattern.compile("check-runs/(\\d+)");

        volatile DataSource store;
        final AtomicLong sequence = new AtomicLong();
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "lease-probe";
        }

        @Override
        public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
            try {
                observe(request);
            } catch (Exception | AssertionError e) {
                problems.add(request.getMethod() + " " + request.getUrl() + ": " + e);
            }
            return RequestFilterAction.continueWith(request);
        }

        private void observe(Request request) throws SQLException {
            DataSource ds = store;
            String path = URI.create(request.getUrl()).getPath();
            if (ds == null || !path.startsWith(PREFIX)) {
                return;
            }
            String method = request.getMethod().getName();
            String rest = path.substring(PREFIX.length());
            String head = null;
            int pull;
            Matcher m;
            if ((m = PULL.matcher(rest)).matches()) {
                pull = Integer.parseInt(m.group(1));
            } else if ((m = COMMIT.matcher(rest)).matches()) {
                head = m.group(1);
                pull = pullOf(head);
            } else if (rest.equals("check-runs") && method.equals("POST")) {
                head = Fixtures.parse(request.getBodyAsString()).path("head_sha").asText();
                pull = pullOf(head);
            } else if ((m = RUN.matcher(rest)).matches() && method.equals("PATCH")) {
                long spelled = Long.parseLong(m.group(1)) / 1000 % 1_000_000_000_000L;
                head = head((int) (spelled / 1_000_000), (int) (spelled % 1_000_000));
                pull = pullOf(head);
            } else {
                return; // the policy file and other calls about the repository, not one pull request
            }
            if (pull < 0) {
                problems.add(method + " " + path + ": not one of the test's pull requests");
                return;
            }
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT state, claimed_generation, lease_owner, lease_token FROM aigate_work WHERE repo = ? AND pr_number = ?")) {
                ps.setString(1, FakeGitHub.REPO);
                ps.setInt(2, pull);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        problems.add(method + " " + path + ": no work row for #" + pull);
                        return;
                    }
                    String host = request.getHeader("Host");
                    host = host == null ? null : host.replaceFirst(":\\d+$", "");
                    calls.add(new Call(sequence.incrementAndGet(), pull, method + " " + path, host, head,
                            rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
    }

    // ---------------------------------------------------------------- the fake GitHub and the servers

    private void stubGitHub() {
        for (int n = 1; n <= PULLS; n++) {
            serveHead(n, 0);
        }
        // A little latency keeps evaluations in flight while deliveries arrive, so the replicas contend.
        github.stubEvaluationReadsForAnyPullRequest(100);
        // A created run's id spells its head's pull request and push (1nnnnnnkkkkkkrrr, rrr random), so that an
        // update names its pull request by itself.
        github.stub(WireMock.post(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/check-runs")).willReturn(
                json(201, "{\"id\": 1{{substring (jsonPath request.body '$.head_sha') 28 40}}{{randomInt lower=100 upper=999}},"
                        + " \"name\": \"ai-gate\","
                        + " \"head_sha\": \"{{jsonPath request.body '$.head_sha'}}\", \"status\": \"in_progress\"}")
                        .withTransformers("response-template")));
        github.stub(WireMock.patch(urlPathMatching("/repos/" + FakeGitHub.REPO + "/check-runs/\\d+")).willReturn(
                json(200, "{\"id\": {{request.pathSegments.[4]}}, \"name\": \"ai-gate\", \"status\": \"completed\"}")
                        .withTransformers("response-template")));
    }

    /** GitHub now answers for pull request n with head k. */
    private void serveHead(int n, int k) {
        ObjectNode pr = (ObjectNode) Fixtures.webhook("pull_request", "opened.2").get("pull_request").deepCopy();
        pr.put("number", n);
        ((ObjectNode) pr.get("head")).put("sha", head(n, k));
        ((ObjectNode) pr.get("user")).put("login", agent(n) ? "Copilot" : "Codertocat")
                .put("id", agent(n) ? 198982749 : 21031067).put("type", agent(n) ? "Bot" : "User");
        // A new stub rather than an edited one: WireMock edits a stub by removing it and adding the new one, and a
        // worker's read that falls between the two finds no stub (a 599, then a retried evaluation). Of stubs of
        // equal priority the newest answers, so adding one moves the head atomically.
        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls/" + n))
                .willReturn(json(200, pr.toString())));
    }

    private static ObjectNode synchronize(int n, int k) {
        ObjectNode sync = Fixtures.webhook("pull_request", "synchronize.1").deepCopy();
        sync.put("number", n).put("before", head(n, k - 1)).put("after", head(n, k));
        ObjectNode pr = (ObjectNode) sync.get("pull_request");
        pr.put("number", n);
        ((ObjectNode) pr.get("head")).put("sha", head(n, k));
        return sync;
    }

    private Process launch(Path data, Path key, Path log, int port, String githubHost) throws Exception {
        Map<String, String> env = ServerProcess.environment("http://" + githubHost + ":" + github.server().port(), key,
                SECRET, data, port);
        env.put("AIGATE_DATABASE_URL", db.url());
        env.put("AIGATE_DATABASE_USER", TestDatabases.PG_USER);
        env.put("AIGATE_QUEUE_WORKER_ENABLED", "true");
        env.put("AIGATE_QUEUE_COALESCE_WINDOW", "500ms");
        // Some 200 check-run writes in a minute, more than GitHub's secondary limits allow one installation: out of
        // the write budget's way, so every run completes at once (WriteBurstEndToEndTest is about the budget).
        env.put("AIGATE_WRITE_BUDGET_PER_MINUTE", "100000");
        env.put("AIGATE_WRITE_BUDGET_PER_HOUR", "100000");
        Process p = ServerProcess.start(env, log);
        servers.add(p);
        return p;
    }

    /** Waits until every pull request's work row is idle with its newest event covered. */
    private void awaitAllIdle(Duration timeout) throws Exception {
        String sql = "SELECT COUNT(*) FROM aigate_work WHERE state = 'idle' AND claimed_generation = generation"
                + " AND generation = " + PUSHES;
        try {
            dev.aigate.testing.Eventually.eventually("all work settles").atMost(dev.aigate.testing.Eventually.DEADLINE.plus(timeout))
                    .until(() -> count(sql) >= PULLS);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("work did not settle: " + rows("SELECT job_key, state,"
                    + " generation, claimed_generation, attempts, last_error FROM aigate_work WHERE state <> 'idle'"), e);
        }
    }

    /** The server's {@code aigate_queue_jobs_total} by outcome, from {@code /prometheus}. */
    private static Map<String, Double> jobs(int port) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^aigate_queue_jobs_total\\{[^}]*outcome=\"([a-z_]+)\"[^}]*} ([0-9.eE+]+)$").matcher(text);
        while (m.find()) {
            out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private long count(String sql) throws SQLException {
        return ((Number) rows(sql).get(0).values().iterator().next()).longValue();
    }

    private List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
