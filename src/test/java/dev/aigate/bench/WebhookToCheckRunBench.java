package dev.aigate.bench;

import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import dev.aigate.testing.WebhookSender;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Measures the running jar ({@code target/ai-gate.jar}) against a local fake GitHub:
 * <ol>
 *   <li>latency from sending a signed {@code pull_request} webhook to GitHub answering the write that
 *       completes the {@code ai-gate} check run, over N fresh pull request heads, with every GitHub answer
 *       delayed by 0 ms and by 80 ms (a typical round trip to api.github.com); the difference over 80 ms is the
 *       number of requests the evaluation puts one after another;</li>
 *   <li>a burst of 30 events on one pull request within 2 s, counting the evaluations it causes
 *       (each evaluation starts with one read of the pull request).</li>
 * </ol>
 * Run with {@code bench/webhook-to-check-run.sh}. Prints numbers; asserts nothing.
 */
public final class WebhookToCheckRunBench {

    /** The per-request delay whose cost is counted in round trips. */
    static final int ROUND_TRIP_MS = 80;

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String secret = "bench-secret";
        try (FakeGitHub github = new FakeGitHub()) {
            Path data = Files.createTempDirectory("aigate-bench");
            Path policy = data.resolve("policy.yml");
            Files.writeString(policy, Fixtures.text("policies/agents-need-review.yml"));
            Path key = data.resolve("key.pem");
            Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
            int port = 18_000 + (int) (ProcessHandle.current().pid() % 1000);
            ProcessBuilder pb = new ProcessBuilder(ServerProcess.javaBin(), "-jar", "target/ai-gate.jar")
                    .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
            pb.environment().putAll(Map.of("AIGATE_GITHUB_API_URL", github.url(), "AIGATE_APP_ID", "12345",
                    "AIGATE_PRIVATE_KEY_FILE", key.toString(), "AIGATE_WEBHOOK_SECRET", secret,
                    "AIGATE_DATA_DIR", data.toString(), "AIGATE_DEFAULT_POLICY", policy.toString(),
                    "MICRONAUT_SERVER_PORT", Integer.toString(port),
                    // 105 first evaluations of one installation in about a minute are more writes than GitHub
                    // takes (80 a minute), so the write budget would defer some by up to a minute; this measures
                    // latency, and WriteBurstEndToEndTest the budget.
                    "AIGATE_WRITE_BUDGET_PER_MINUTE", "100000", "AIGATE_WRITE_BUDGET_PER_HOUR", "100000"));
            Process server = pb.start();
            try {
                String base = "http://127.0.0.1:" + port;
                ServerProcess.awaitHealth(base, server, data.resolve("server.log"));
                WebhookSender webhooks = new WebhookSender(base, secret);
                byte[] opened = Fixtures.bytes("github/webhooks/pull_request/opened.2.json");

                // Warm-up: JIT, token minting, connection pool. Each sample is a pull request of its own:
                // the queue spaces runs of one pull request at least AIGATE_QUEUE_COALESCE_WINDOW apart,
                // and this measures the first event of a quiet pull request.
                for (int i = 0; i < 5; i++) {
                    latency(github, webhooks, opened, 100 + i);
                }
                long[] medians = new long[2];
                int[] delays = {0, ROUND_TRIP_MS};
                List<List<Long>> onGitHub = List.of(new ArrayList<>(), new ArrayList<>());
                List<Integer> chains = new ArrayList<>();
                for (int d = 0; d < delays.length; d++) {
                    github.delayEveryResponse(delays[d]);
                    List<Long> millis = new ArrayList<>();
                    for (int i = 0; i < samples; i++) {
                        millis.add(latency(github, webhooks, opened, 1000 * (d + 1) + i));
                        onGitHub.get(d).add(firstRequestToCompletion(github));
                        if (delays[d] > 0) {
                            chains.add(longestChain(github.apiServeEvents()));
                        }
                    }
                    Collections.sort(millis);
                    medians[d] = millis.get(samples / 2);
                    System.out.printf("webhook -> completed check run, %d fresh heads, %d ms per GitHub request:"
                                    + " median %d ms, p90 %d ms, max %d ms%n", samples, delays[d], medians[d],
                            millis.get(samples * 9 / 10), millis.get(samples - 1));
                }
                github.delayEveryResponse(0);
                System.out.printf("sequential GitHub round trips per evaluation (t%d - t0) / %d: %.1f%n", ROUND_TRIP_MS,
                        ROUND_TRIP_MS, (medians[1] - medians[0]) / (double) ROUND_TRIP_MS);
                // The same from the fake's journal alone, without the webhook and queue in between (less noisy):
                // from the first request GitHub receives to its answer to the completing write.
                onGitHub.forEach(Collections::sort);
                long j0 = onGitHub.get(0).get(samples / 2);
                long j80 = onGitHub.get(1).get(samples / 2);
                System.out.printf("first GitHub request -> completing write answered (journal): median %d ms at 0 ms,"
                        + " %d ms at %d ms; round trips (j%d - j0) / %d: %.1f%n", j0, j80, ROUND_TRIP_MS, ROUND_TRIP_MS,
                        ROUND_TRIP_MS, (j80 - j0) / (double) ROUND_TRIP_MS);
                Collections.sort(chains);
                System.out.printf("requests one after another (journal, longest chain of which each was asked after the"
                        + " one before was answered), %d ms per request: median %d, max %d%n", ROUND_TRIP_MS,
                        chains.get(samples / 2), chains.get(samples - 1));
                System.out.printf("requests of the last evaluation: %d reads, %d writes%n",
                        github.requests(r -> r.getMethod().getName().equals("GET") && !r.getUrl().contains("/access_tokens")).size(),
                        github.requests(r -> !r.getMethod().getName().equals("GET") && !r.getUrl().contains("/access_tokens")).size());

                burst(github, webhooks);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static long latency(FakeGitHub github, WebhookSender webhooks, byte[] example, int number) throws Exception {
        github.reset();
        com.fasterxml.jackson.databind.node.ObjectNode pr = github.pullRequest("Copilot", 198982749, "Bot");
        pr.put("number", number);
        github.stubTypicalPullRequest(pr, Fixtures.text("policies/agents-need-review.yml"));
        com.fasterxml.jackson.databind.node.ObjectNode payload = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.parse(
                new String(example, java.nio.charset.StandardCharsets.UTF_8));
        payload.put("number", number);
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("pull_request")).put("number", number);
        Instant sent = Instant.now();
        HttpResponse<String> response = webhooks.send("pull_request", Fixtures.toBytes(payload));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + response.statusCode() + ": " + response.body());
        }
        // The write that completes the check run (an update, or a create already completed), answered.
        ServeEvent done = dev.aigate.testing.Eventually.eventually("a completed check run").atMost(Duration.ofSeconds(60))
                .until(() -> completing(github), java.util.Optional::isPresent).orElseThrow();
        Instant answered = done.getRequest().getLoggedDate().toInstant().plusMillis(done.getTiming().getAddedDelay());
        return Duration.between(sent, answered).toMillis();
    }

    /**
     * The most requests of one evaluation that went one after another: each asked after the one before it was
     * answered (its delay run out). Load on the machine only adds gaps, so this counts round trips without the
     * noise of the timings above (unless a start is late by a whole delay).
     */
    static int longestChain(List<ServeEvent> events) {
        List<long[]> spans = new ArrayList<>();
        for (ServeEvent e : events) {
            long start = e.getRequest().getLoggedDate().getTime();
            spans.add(new long[]{start, start + e.getTiming().getAddedDelay()});
        }
        spans.sort((a, b) -> Long.compare(a[1], b[1]));
        int chain = 0;
        long free = Long.MIN_VALUE;
        for (long[] span : spans) {
            if (span[0] >= free) {
                chain++;
                free = span[1];
            }
        }
        return chain;
    }

    private static long firstRequestToCompletion(FakeGitHub github) {
        List<ServeEvent> events = github.apiServeEvents();
        ServeEvent done = completing(github).orElseThrow();
        return done.getRequest().getLoggedDate().getTime() + done.getTiming().getAddedDelay()
                - events.get(0).getRequest().getLoggedDate().getTime();
    }

    private static java.util.Optional<ServeEvent> completing(FakeGitHub github) {
        return github.apiServeEvents().stream().filter(e -> !e.getRequest().getMethod().getName().equals("GET")
                && e.getRequest().getUrl().contains("/check-runs")
                && "completed".equals(Fixtures.parse(e.getRequest().getBodyAsString()).path("status").asText())).findFirst();
    }

    private static void burst(FakeGitHub github, WebhookSender webhooks) throws Exception {
        github.reset();
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"),
                Fixtures.text("policies/agents-need-review.yml"));
        byte[] sync = Fixtures.bytes("github/webhooks/pull_request/synchronize.1.json");
        Instant start = Instant.now();
        for (int i = 0; i < 30; i++) {
            // On a fixed schedule, so the whole burst fits in 1.9 s whatever each send costs.
            long due = start.toEpochMilli() + i * 1900L / 29;
            Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
            webhooks.send("pull_request", sync);
        }
        Duration spread = Duration.between(start, Instant.now());
        Thread.sleep(6000); // let trailing work finish
        int evaluations = github.requests(r -> r.getMethod().getName().equals("GET")
                && r.getUrl().equals("/repos/" + FakeGitHub.REPO + "/pulls/2")).size();
        System.out.printf("burst of 30 events on one pull request within %d ms: %d evaluation(s)%n",
                spread.toMillis(), evaluations);
    }
}
