/*
 * Ingest load driver for ai-gate: sends signed pull_request webhooks to POST /api/github/webhooks and reports
 * throughput and acknowledgement latency. JDK only, run as a single-file program:
 *
 *   java bench/IngestLoad.java --url http://127.0.0.1:8080 --secret S --payload FILE \
 *        [--rate 1000] [--seconds 20] [--warmup-seconds 5] [--prs 500] [--concurrency 64]
 *        [--event pull_request --expect 202]   (--event ping --expect 200: the HTTP path without the store)
 *
 * --rate R: open loop, R deliveries per second on a fixed schedule; latency is measured from each delivery's
 *           scheduled send time, so a stalled server is not hidden (no coordinated omission).
 * --rate 0: closed loop, --concurrency requests in flight at all times: the most the server sustains.
 */

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class IngestLoad {

    static String event = "pull_request";
    static int expect = 202;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = opt.getOrDefault("url", "http://127.0.0.1:8080") + "/api/github/webhooks";
        String secret = opt.getOrDefault("secret", "bench-secret");
        String payload = Files.readString(Path.of(opt.getOrDefault("payload",
                "src/test/resources/github/webhooks/pull_request/synchronize.1.json")));
        int rate = Integer.parseInt(opt.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup-seconds", "5"));
        int prs = Integer.parseInt(opt.getOrDefault("prs", "500"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "64"));
        event = opt.getOrDefault("event", "pull_request");
        expect = Integer.parseInt(opt.getOrDefault("expect", "202"));

        byte[][] bodies = new byte[prs][];
        String[] signatures = new String[prs];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Pattern number = Pattern.compile("\"number\": \\d+");
        for (int i = 0; i < prs; i++) {
            Matcher m = number.matcher(payload);
            bodies[i] = m.replaceAll("\"number\": " + (i + 1)).getBytes(StandardCharsets.UTF_8);
            signatures[i] = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bodies[i]));
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("ingest-load: %s, %s, %d PRs, payload %d bytes%n", url,
                rate > 0 ? "open loop at " + rate + "/s" : "closed loop, " + concurrency + " in flight", prs, bodies[0].length);
        if (warmup > 0) {
            run(http, url, bodies, signatures, rate, warmup, concurrency, "warm-up");
        }
        Result r = run(http, url, bodies, signatures, rate, seconds, concurrency, "measured");
        System.out.printf("RESULT deliveries=%d errors=%d seconds=%.1f rate=%.0f/s p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms%n",
                r.count, r.errors, r.seconds, r.count / r.seconds, r.pct(50), r.pct(90), r.pct(99), r.pct(100));
        System.exit(r.errors == 0 ? 0 : 1);
    }

    record Result(long count, long errors, double seconds, long[] nanos) {
        double pct(double p) {
            if (nanos.length == 0) {
                return 0;
            }
            int i = (int) Math.min(nanos.length - 1, Math.ceil(p / 100.0 * nanos.length) - 1);
            return nanos[Math.max(0, i)] / 1e6;
        }
    }

    static Result run(HttpClient http, String url, byte[][] bodies, String[] signatures, int rate, int seconds,
                      int concurrency, String phase) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong firstError = new AtomicLong();
        Semaphore inFlight = new Semaphore(rate > 0 ? 10_000 : concurrency);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long sent = 0;
        while (true) {
            long scheduled = rate > 0 ? start + sent * 1_000_000_000L / rate : System.nanoTime();
            if (scheduled >= end) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            int pr = (int) (sent % bodies.length);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "GitHub-Hookshot/ingest-load")
                    .header("X-GitHub-Event", event)
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", signatures[pr])
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[pr])).build();
            final long t0 = scheduled;
            CompletableFuture<?> f = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        latencies.add(System.nanoTime() - t0);
                        if (error != null || response.statusCode() != expect) {
                            if (errors.incrementAndGet() == 1) {
                                System.err.println("first error: " + (error != null ? error : "HTTP " + response.statusCode()));
                            }
                        }
                        inFlight.release();
                    });
            if (pending.size() < 200_000) {
                pending.add(f);
            }
            sent++;
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double took = (System.nanoTime() - start) / 1e9;
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(nanos);
        Result r = new Result(nanos.length, errors.get(), took, nanos);
        System.out.printf("%s: %d deliveries in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms, errors %d%n", phase,
                r.count, took, r.count / took, r.pct(50), r.pct(99), r.errors);
        return r;
    }
}
