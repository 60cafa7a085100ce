package dev.aigate.queue;

import dev.aigate.store.StoreFactory;
import dev.aigate.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's promise: a delivery answered from it survives {@code kill -9} before it reached the store. A process
 * accepts deliveries that cannot reach the store (it holds their work row itself), is killed, and the next queue
 * over the same data directory finds every one of them, counted once, and its journal empty.
 */
class JournalCrashTest {

    private static final int COUNT = 300;

    @TempDir
    Path temp;

    @Test
    void deliveriesAnsweredFromTheJournalSurviveKillDashNine() throws Exception {
        Path data = temp.resolve("data");
        Path lines = temp.resolve("lines.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                JournalCrashMain.class.getName(), data.toString(), lines.toString(), String.valueOf(COUNT))
                .redirectErrorStream(true).redirectOutput(new File(temp.toFile(), "child.log")).start();
        try {
            eventually("the child has accepted its deliveries").until(() -> Files.exists(lines)
                    && Files.readString(lines).startsWith("accepted " + COUNT + " backlog " + COUNT));
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertFalse(new IngressJournal(data.resolve(QueueFactory.JOURNAL_DIRECTORY)).segments().isEmpty(),
                "the killed process left its journal");

        try (var dataSource = StoreFactory.openMigrated(new StoreSettings("", "", "", data, 4))) {
            assertEquals(0, count(dataSource, "SELECT COUNT(*) FROM aigate_delivery WHERE delivery_id LIKE 'j-%'"),
                    "none of them reached the store before the kill");
            JdbcWorkQueue queue = new JdbcWorkQueue(dataSource, QueueSettings.defaults(), Clock.systemUTC(),
                    data.resolve(QueueFactory.JOURNAL_DIRECTORY), true);
            assertEquals(COUNT, count(dataSource, "SELECT COUNT(*) FROM aigate_delivery WHERE delivery_id LIKE 'j-%'"),
                    "replayed before the queue is in use");
            assertEquals((long) COUNT + 1, queue.row(JournalCrashMain.PR.key()).get("generation"),
                    "the seed and every journaled delivery, each once");
            assertEquals(List.of(), new IngressJournal(data.resolve(QueueFactory.JOURNAL_DIRECTORY)).segments());
            assertFalse(queue.accept(JournalCrashMain.delivery("j-7"), List.of(JournalCrashMain.PR)),
                    "a redelivery of one of them is a repeat");
            assertTrue(queue.accept(JournalCrashMain.delivery("new"), List.of(JournalCrashMain.PR)));
            queue.close();
        }
    }

    private static long count(javax.sql.DataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
