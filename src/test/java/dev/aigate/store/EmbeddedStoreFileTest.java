package dev.aigate.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.QueueSettings;
import dev.aigate.queue.WorkTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store writes every commit to its file, which leaves H2 without its background compaction: the
 * file grows far past its live data while the server runs. Operators see it in two gauges, and closing the store
 * (every graceful stop) compacts it back, losing nothing: about 380 MB to 3 MB here, where H2's default close
 * compaction of 200 ms leaves 16 MB.
 */
class EmbeddedStoreFileTest {

    static final int ACCEPTED = 300;
    static final int BULK = 15_000;

    @TempDir
    Path temp;

    @Test
    void theFileIsWatchedWhileRunningAndCompactedOnClose() throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", temp, 4);
        Path file = temp.resolve(StoreSettings.EMBEDDED_NAME + ".mv.db");
        long whileRunning;
        try (HikariDataSource dataSource = StoreFactory.open(settings)) {
            Migrations.migrate(dataSource);
            JdbcWorkQueue queue = new JdbcWorkQueue(dataSource, QueueSettings.defaults(), Clock.systemUTC());
            for (int i = 0; i < ACCEPTED; i++) {
                queue.accept(new InboundDelivery(UUID.randomUUID().toString(), "pull_request", "synchronize", 7,
                        Instant.now(), 64), List.of(WorkTarget.pullRequest(7, "acme/app", i % 50 + 1)));
            }
            // Days of a busy organisation's inbox, faster than through HTTP: one commit per delivery, as at low rates.
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO aigate_delivery (delivery_id, event, action, installation_id, received_at, payload_size,"
                            + " target_keys) VALUES (?, 'pull_request', 'synchronize', 7, ?, 64, 'acme/app#1')")) {
                for (int i = 0; i < BULK; i++) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setLong(2, System.currentTimeMillis());
                    ps.executeUpdate();
                }
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            EmbeddedStoreFile storeFile = new EmbeddedStoreFile(dataSource, settings, registry);
            whileRunning = storeFile.info().get("info.FILE_SIZE");
            assertEquals((double) Files.size(file), registry.get("aigate.store.file.size").gauge().value(), 1 << 20,
                    "the gauge reports the file's size");
            double fill = registry.get("aigate.store.chunks.fill").gauge().value();
            assertTrue(fill >= 0 && fill <= 100, "fill is a percentage: " + fill);
        }
        long afterClose = Files.size(file);
        assertTrue(whileRunning > 100L << 20, "H2 without background compaction: " + whileRunning + " bytes");
        assertTrue(afterClose * 50 < whileRunning,
                "closing compacts: " + whileRunning + " bytes while running, " + afterClose + " after closing");

        try (HikariDataSource dataSource = StoreFactory.open(settings);
             Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM aigate_delivery")) {
            rs.next();
            assertEquals(ACCEPTED + BULK, rs.getInt(1), "compaction kept every accepted delivery");
        }
    }

    @Test
    void postgresHasNoFileGauges() throws Exception {
        TestDatabases.requirePostgres();
        try (TestDatabases.Db db = TestDatabases.postgres()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            EmbeddedStoreFile storeFile = new EmbeddedStoreFile(db.dataSource(),
                    new StoreSettings(db.url(), "postgres", "", temp, 2), registry);
            assertTrue(storeFile.info().isEmpty());
            assertTrue(registry.find("aigate.store.file.size").gauges().isEmpty());
        }
    }
}
