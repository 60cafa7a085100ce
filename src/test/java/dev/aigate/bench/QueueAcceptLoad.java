package dev.aigate.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.QueueSettings;
import dev.aigate.queue.WorkTarget;
import dev.aigate.store.Migrations;
import dev.aigate.store.StoreFactory;
import dev.aigate.store.StoreSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The store's side of ingest, without HTTP: {@code threads} callers accept deliveries (28 KB payloads, 500 PRs)
 * as fast as the queue commits them. Prints accepts/s and the latency of {@code accept} itself.
 *
 * <pre>bench/queue-accept.sh [jdbc-url [user]]</pre> (no URL: a fresh embedded store in a temp directory)
 */
public final class QueueAcceptLoad {

    private QueueAcceptLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "";
        String user = args.length > 1 ? args[1] : "";
        int threads = Integer.getInteger("threads", 32);
        int count = Integer.getInteger("count", 20_000);
        Path dir = Files.createTempDirectory("aigate-accept");
        StoreSettings settings = new StoreSettings(url, user, "", dir, 10);
        try (HikariDataSource ds = StoreFactory.open(settings)) {
            Migrations.migrate(ds);
            JdbcWorkQueue queue = new JdbcWorkQueue(ds, QueueSettings.defaults(), Clock.systemUTC());
            byte[] payload = new byte[28_140];
            for (String phase : List.of("warm-up", "measured")) {
                int n = phase.equals("warm-up") ? count / 4 : count;
                long[] nanos = new long[n];
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<?>> futures = new ArrayList<>(n);
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    futures.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        queue.accept(new InboundDelivery(UUID.randomUUID().toString(), "pull_request", "synchronize",
                                1, Instant.now(), payload.length), List.of(WorkTarget.pullRequest(1, "acme/app", 1 + k % 500)));
                        nanos[k] = System.nanoTime() - t0;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                Arrays.sort(nanos);
                System.out.printf("%s %s: %d accepts, %d threads, %.0f accepts/s, p50 %.1f ms, p99 %.1f ms%n",
                        settings.describe(), phase, n, threads, n / seconds, nanos[n / 2] / 1e6,
                        nanos[(int) (n * 0.99)] / 1e6);
            }
        }
    }
}
