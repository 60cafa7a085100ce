package dev.aigate.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import dev.aigate.webhook.WebhookSignature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;

/**
 * Soak of the embedded store: runs a jar as the full server (worker on, evaluations against a local fake GitHub)
 * and sends signed {@code pull_request} deliveries at a fixed rate for a fixed time, open loop (latency from each
 * delivery's scheduled time). Every minute it prints the store file's size, H2's estimate of its live data, the
 * server's RSS, the acknowledgement p99 of that minute, and the check runs completed. At the end it stops the
 * server gracefully (which compacts the file fully, so the size after the stop is the live data) and prints that.
 *
 * <pre>bench/store-soak.sh [rate] [minutes] [pulls]</pre>
 * Arguments: {@code --jar FILE --rate 50 --minutes 60 --pulls 50 --data DIR}. Prints numbers; asserts nothing.
 */
public final class StoreSoak {

    static final String SECRET = "soak-secret";

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path jar = Path.of(opt.getOrDefault("jar", "target/ai-gate.jar"));
        int rate = Integer.parseInt(opt.getOrDefault("rate", "50"));
        int minutes = Integer.parseInt(opt.getOrDefault("minutes", "60"));
        int pulls = Integer.parseInt(opt.getOrDefault("pulls", "50"));
        Path data = opt.containsKey("data") ? Files.createDirectories(Path.of(opt.get("data")))
                : Files.createTempDirectory("aigate-soak");

        try (FakeGitHub github = new FakeGitHub()) {
            stub(github, pulls);
            Path key = data.resolve("key.pem");
            Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
            Path policy = data.resolve("policy.yml");
            Files.writeString(policy, Fixtures.text("policies/agents-need-review.yml"));
            int port = ServerProcess.freePort();
            Map<String, String> env = ServerProcess.environment(github.url(), key, SECRET, data.resolve("store"), port);
            env.put("AIGATE_DEFAULT_POLICY", policy.toString());
            Path log = data.resolve("server.log");
            ProcessBuilder pb = new ProcessBuilder(ServerProcess.javaBin(), "-Xmx512m", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process server = pb.start();
            String base = "http://127.0.0.1:" + port;
            try {
                ServerProcess.awaitHealth(base, server, log);
                run(github, server, base, data.resolve("store").resolve("ai-gate.mv.db"), rate, minutes, pulls);
            } finally {
                server.destroy(); // SIGTERM: a graceful stop compacts the file
                server.waitFor();
            }
            Path file = data.resolve("store").resolve("ai-gate.mv.db");
            System.out.printf("after a graceful stop (fully compacted, = live data): %.1f MB%n", Files.size(file) / 1e6);
        }
        System.exit(0); // the HTTP client's threads would keep the JVM alive
    }

    private static void run(FakeGitHub github, Process server, String base, Path file, int rate, int minutes, int pulls)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        byte[][] bodies = bodies(pulls);
        ExecutorService senders = Executors.newFixedThreadPool(32);
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> minuteLatencies = new ArrayList<>();
        long[][] latencies = {new long[rate * 70]};
        AtomicLong inMinute = new AtomicLong();
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        long total = (long) rate * 60 * minutes;
        long nextReport = start + 60_000_000_000L;
        int minute = 0;
        System.out.printf("soak: %d deliveries/s for %d min over %d pull requests; server pid %d%n", rate, minutes, pulls,
                server.pid());
        System.out.println("min  sent     acked    errors  p50ms  p99ms  maxms  evals      file_MB  live_MB(est)  fill%  rss_MB"
                + "  compact_s  load");
        for (long i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            byte[] body = bodies[(int) (i % pulls)];
            senders.execute(() -> {
                try {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/github/webhooks"))
                            .header("Content-Type", "application/json").header("User-Agent", "GitHub-Hookshot/soak")
                            .header("X-GitHub-Event", "pull_request")
                            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                            .header("X-Hub-Signature-256", WebhookSignature.sign(body, SECRET))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    long micros = (System.nanoTime() - due) / 1000;
                    if (status == 202) {
                        acked.incrementAndGet();
                        synchronized (latencies) {
                            int n = (int) inMinute.getAndIncrement();
                            if (n >= latencies[0].length) {
                                latencies[0] = Arrays.copyOf(latencies[0], n * 2);
                            }
                            latencies[0][n] = micros;
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            });
            if (System.nanoTime() >= nextReport || i == total - 1) {
                long[] these;
                synchronized (latencies) {
                    these = Arrays.copyOf(latencies[0], (int) inMinute.getAndSet(0));
                }
                minuteLatencies.add(these);
                report(++minute, i + 1, acked.get(), errors.get(), these, github, base, file, server);
                nextReport += 60_000_000_000L;
            }
        }
        senders.shutdown();
        senders.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        Thread.sleep(10_000); // trailing evaluations
        long[] all = minuteLatencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("total: %d sent, %d acknowledged, %d errors; p50 %.1f ms, p99 %.1f ms, max %.1f ms over the run;"
                        + " %d evaluations completed%n", total, acked.get(), errors.get(), pct(all, 50), pct(all, 99),
                all.length == 0 ? 0 : all[all.length - 1] / 1000.0, gauges(base).getOrDefault("jobs_completed", -1.0).longValue());
        report(minute, total, acked.get(), errors.get(), new long[0], github, base, file, server);
    }

    private static void report(int minute, long sent, long acked, long errors, long[] these, FakeGitHub github, String base,
                               Path file, Process server) throws Exception {
        Arrays.sort(these);
        github.server().resetRequests(); // the journal would grow for the whole run; the server counts its jobs
        Map<String, Double> gauges = gauges(base);
        double size = gauges.getOrDefault("aigate_store_file_size_bytes", -1.0);
        double fill = gauges.getOrDefault("aigate_store_chunks_fill_percent", -1.0);
        long onDisk = Files.exists(file) ? Files.size(file) : -1;
        System.out.printf("%3d  %-7d  %-7d  %-6d  %5.1f  %5.1f  %5.0f  %-9d  %7.1f  %12.1f  %5.0f  %6d  %9.1f  %s%n", minute, sent, acked,
                errors, pct(these, 50), pct(these, 99), these.length == 0 ? 0 : these[these.length - 1] / 1000.0,
                gauges.getOrDefault("jobs_completed", -1.0).longValue(), onDisk / 1e6, size * fill / 100 / 1e6, fill, rssMb(server.pid()),
                gauges.getOrDefault("aigate_store_compaction_seconds_total", -1.0), load());
        System.out.flush();
    }

    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))] / 1000.0;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // gone
        }
        return -1;
    }

    static Map<String, Double> gauges(String base) {
        Map<String, Double> out = new HashMap<>();
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("aigate_queue_jobs_total{") && line.contains("outcome=\"completed\"")) {
                    String[] parts = line.split(" ");
                    out.put("jobs_completed", Double.parseDouble(parts[parts.length - 1]));
                } else if (line.startsWith("aigate_store_") || line.startsWith("process_cpu_usage")) {
                    String[] parts = line.split(" ");
                    out.put(parts[0].replaceAll("\\{.*", ""), Double.parseDouble(parts[parts.length - 1]));
                }
            }
        } catch (Exception e) {
            // a missed reading
        }
        return out;
    }

    /** One synchronize body per pull request, 28 KB each, as GitHub sends them. */
    private static byte[][] bodies(int pulls) throws Exception {
        String payload = Fixtures.text("github/webhooks/pull_request/synchronize.1.json");
        Pattern number = Pattern.compile("\"number\": \\d+");
        byte[][] out = new byte[pulls][];
        for (int i = 0; i < pulls; i++) {
            Matcher m = number.matcher(payload);
            out[i] = m.replaceAll("\"number\": " + (i + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Every pull request's reads, and check-run writes that echo their head (as in ServerCrashTest). */
    private static void stub(FakeGitHub github, int pulls) {
        ObjectNode example = (ObjectNode) Fixtures.webhook("pull_request", "opened.2").get("pull_request");
        for (int n = 1; n <= pulls; n++) {
            ObjectNode pr = example.deepCopy();
            pr.put("number", n);
            ((ObjectNode) pr.get("head")).put("sha", String.format("%040x", 0xc0ffee000L + n));
            github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls/" + n)).willReturn(json(200, pr.toString())));
        }
        github.stubEvaluationReadsForAnyPullRequest(0);
        github.stubCheckRunWritesForAnyHead();
    }
}
