package dev.aigate.queue;

import dev.aigate.store.StoreFactory;
import dev.aigate.store.StoreSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A worker process for {@link CrashRecoveryProcessTest}: the production store and queue classes, a handler that
 * takes a while and writes "start KEY GEN" / "done KEY GEN" lines. It runs until killed.
 *
 * <p>Arguments: jdbcUrl user linesFile owner
 */
public final class CrashWorkerMain {

    private CrashWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        StoreSettings settings = new StoreSettings(args[0], args[1], "", Path.of("."), 6);
        Path lines = Path.of(args[2]);
        String owner = args[3];
        var dataSource = StoreFactory.open(settings);
        QueueSettings queueSettings = QueueSettings.defaults()
                .withConcurrency(4)
                .withCoalesceWindow(Duration.ofMillis(100))
                .withPollInterval(Duration.ofMillis(50))
                .withLease(Duration.ofSeconds(2));
        JdbcWorkQueue queue = new JdbcWorkQueue(dataSource, queueSettings, Clock.systemUTC());
        WorkHandler handler = target -> {
            long generation = (Long) queue.row(target.key()).get("claimed_generation");
            write(lines, "start " + owner + " " + target.key() + " " + generation);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            write(lines, "done " + owner + " " + target.key() + " " + generation);
        };
        QueueWorker worker = new QueueWorker(queue, handler, Executors.newCachedThreadPool(), owner, QueueMetrics.none());
        worker.start();
        write(lines, "ready " + owner);
        Thread.currentThread().join();
    }

    private static synchronized void write(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
