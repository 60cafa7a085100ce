package dev.aigate.store;

import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.QueueSettings;
import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.WorkTarget;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The beans as the server builds them from the AIGATE_* variables. */
class StoreWiringTest {

    @TempDir
    Path temp;

    @Test
    void embeddedStoreNeedsOnlyADataDirAndSurvivesARestart() throws Exception {
        // The worker is off: this test looks at what the store holds, not at what a worker would make of it.
        Map<String, Object> env = Map.of("aigate.data-dir", temp.resolve("data").toString(),
                "aigate.queue.coalesce-window", "750ms", "aigate.queue.max-attempts", "4",
                "aigate.queue.worker.enabled", "false");
        try (ApplicationContext context = ApplicationContext.run(env)) {
            WorkQueue queue = context.getBean(WorkQueue.class);
            assertInstanceOf(JdbcWorkQueue.class, queue);
            QueueSettings settings = context.getBean(QueueSettings.class);
            assertEquals(Duration.ofMillis(750), settings.coalesceWindow());
            assertEquals(4, settings.maxAttempts());
            try (Connection c = context.getBean(DataSource.class).getConnection()) {
                assertEquals("H2", c.getMetaData().getDatabaseProductName());
            }
            assertTrue(queue.accept(new InboundDelivery("d-1", "pull_request", "opened", 1, Instant.now(), 0),
                    List.of(WorkTarget.pullRequest(1, "acme/app", 1))));
        }
        assertTrue(Files.exists(temp.resolve("data").resolve(StoreSettings.EMBEDDED_NAME + ".mv.db")));
        try (ApplicationContext context = ApplicationContext.run(Map.of("aigate.data-dir", temp.resolve("data").toString(),
                "aigate.queue.worker.enabled", "false"))) {
            assertFalse(context.containsBean(dev.aigate.queue.QueueWorkerService.class), "an ingest-only replica runs no worker");
            WorkQueue queue = context.getBean(WorkQueue.class);
            assertFalse(queue.accept(new InboundDelivery("d-1", "pull_request", "opened", 1, Instant.now(), 0),
                    List.of()), "the inbox survived the restart");
            assertEquals(1, queue.stats().pending());
            assertEquals(0, context.getBean(StoreMaintenance.class).prune(),
                    "retention parses its day-long defaults and finds nothing old yet");
        }
    }

    @Test
    void aPostgresUrlSwitchesToPostgres() throws Exception {
        TestDatabases.requirePostgres();
        try (var db = TestDatabases.postgres(); ApplicationContext context = ApplicationContext.run(Map.of(
                "aigate.database.url", db.url(), "aigate.database.user", TestDatabases.PG_USER,
                "aigate.data-dir", temp.resolve("unused").toString()))) {
            StoreSettings settings = context.getBean(StoreSettings.class);
            assertTrue(settings.isPostgres());
            try (Connection c = context.getBean(DataSource.class).getConnection()) {
                assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
            }
            assertEquals(0, context.getBean(WorkQueue.class).stats().depth());
            assertFalse(Files.exists(temp.resolve("unused").resolve(StoreSettings.EMBEDDED_NAME + ".mv.db")),
                    "no embedded database when PostgreSQL is configured");
        }
    }

    @Test
    void settingsDescribeTheStoreWithoutSecrets() {
        StoreSettings embedded = new StoreSettings("", "", "", Path.of("/var/lib/ai-gate"), 10);
        assertTrue(embedded.isEmbedded());
        assertTrue(embedded.jdbcUrl().startsWith("jdbc:h2:file:/var/lib/ai-gate/ai-gate;MODE=PostgreSQL"));
        assertTrue(embedded.jdbcUrl().contains("WRITE_DELAY=0"));
        assertEquals("jdbc:h2:file:/var/lib/ai-gate/ai-gate", embedded.describe());
        StoreSettings pg = new StoreSettings("jdbc:postgresql://db:5432/gate?password=secret", "gate", "pw", Path.of("."), 10);
        assertTrue(pg.isPostgres());
        assertEquals("jdbc:postgresql://db:5432/gate", pg.describe());
        IllegalStateException wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new StoreSettings("jdbc:mysql://db/gate?password=x", "", "", Path.of("."), 10).validate());
        assertTrue(wrong.getMessage().contains("jdbc:postgresql:") && !wrong.getMessage().contains("password"),
                wrong.getMessage());
    }
}
