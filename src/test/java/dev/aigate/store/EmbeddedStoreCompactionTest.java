package dev.aigate.store;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded store's file stays near its live data while commits keep coming, with every commit written
 * through as in the server ({@code WRITE_DELAY=0}). Without compaction as many commits leave a file of
 * 300 MB and more ({@link EmbeddedStoreFileTest}).
 */
class EmbeddedStoreCompactionTest {

    static final int COMMITS = 15_000;
    static final int PASS_EVERY = 250;

    @TempDir
    Path temp;

    @Test
    void theFileStaysBoundedWhileEveryCommitIsWrittenThrough() throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", temp, 4);
        Path file = temp.resolve(StoreSettings.EMBEDDED_NAME + ".mv.db");
        long largest = 0;
        try (HikariDataSource dataSource = StoreFactory.open(settings)) {
            Migrations.migrate(dataSource);
            MVStore store = EmbeddedStoreCompaction.mvStore(dataSource);
            // Besides the server's one-second timer, a pass runs here every PASS_EVERY commits: how many commits fall
            // between two passes then does not depend on how fast this machine is at the moment.
            try (EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(store, EmbeddedStoreCompaction.INTERVAL,
                    EmbeddedStoreCompaction.TARGET_FILL_RATE);
                 Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO aigate_delivery (delivery_id, event, action, installation_id, received_at, payload_size,"
                            + " target_keys) VALUES (?, 'pull_request', 'synchronize', 7, ?, 64, 'acme/app#1')")) {
                assertEquals(EmbeddedStoreCompaction.RETENTION.toMillis(), store.getRetentionTime(), "retention shortened");
                // The server keeps freed chunks for 10 s, a few of its forced writes; here, where nothing reads old
                // versions, they may be reused at once, so the bound below holds whatever the commit rate.
                store.setRetentionTime(0);
                for (int i = 1; i <= COMMITS; i++) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setLong(2, System.currentTimeMillis());
                    ps.executeUpdate();
                    if (i % PASS_EVERY == 0) {
                        compaction.pass();
                    }
                    if (i % 500 == 0) {
                        largest = Math.max(largest, Files.size(file));
                    }
                    if (i % 2000 == 0) {
                        System.out.printf("%d commits: file %d KB, %d passes, %d rewrote, %d ms%n", i, Files.size(file) >> 10,
                                compaction.passes(), compaction.rewrites(), compaction.spent().toMillis());
                    }
                }
                assertTrue(compaction.rewrites() > 0, "compaction rewrote chunks");
            }
            // On the server the passes come from the compaction's own thread.
            try (EmbeddedStoreCompaction timed = new EmbeddedStoreCompaction(store, Duration.ofMillis(10),
                    EmbeddedStoreCompaction.TARGET_FILL_RATE)) {
                dev.aigate.testing.Eventually.eventually("the compaction thread runs passes").until(() -> timed.passes() > 2);
            }
        }
        // Compacted it stays under 10 MB; without compaction the same commits make about 65 MB.
        assertTrue(largest < 32L << 20, "the file stayed under 32 MB while running: largest " + largest + " bytes");
        try (HikariDataSource dataSource = StoreFactory.open(settings);
             Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM aigate_delivery")) {
            rs.next();
            assertEquals(COMMITS, rs.getInt(1), "compaction kept every committed row");
        }
    }
}
