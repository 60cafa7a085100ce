package dev.aigate.queue;

import dev.aigate.store.StoreFactory;
import dev.aigate.store.StoreSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A process for {@link JournalCrashTest}: the production embedded store and queue over {@code dataDir}, which
 * accepts {@code count} deliveries through the journal while one of its own transactions holds the work row they
 * all add to, so none of them can reach the store; then it says so and waits to be killed.
 *
 * <p>Arguments: dataDir linesFile count
 */
public final class JournalCrashMain {

    static final WorkTarget PR = WorkTarget.pullRequest(7, "acme/app", 12);

    private JournalCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path lines = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        var dataSource = StoreFactory.openMigrated(new StoreSettings("", "", "", data, 4));
        JdbcWorkQueue queue = new JdbcWorkQueue(dataSource, QueueSettings.defaults(), Clock.systemUTC(),
                data.resolve(QueueFactory.JOURNAL_DIRECTORY), true);
        if (!queue.accept(delivery("seed"), List.of(PR)) || !queue.awaitIngress(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the seed delivery did not reach the store");
        }
        Connection lock = dataSource.getConnection();
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
            s.executeUpdate("UPDATE aigate_work SET updated_at = updated_at WHERE job_key = '" + PR.key() + "'");
        }
        for (int i = 0; i < count; i++) {
            if (!queue.accept(delivery("j-" + i), List.of(PR))) {
                throw new IllegalStateException("j-" + i + " was taken for a repeat");
            }
        }
        Files.writeString(lines, "accepted " + count + " backlog " + queue.journalBacklog() + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread.sleep(Long.MAX_VALUE);
    }

    static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 7, Instant.now(), 2);
    }
}
