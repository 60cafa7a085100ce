package dev.aigate.store;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention pruning holds the embedded store's file: half a year of decision records pruned in batches leaves the
 * file no larger than it was (its space is reused), where one {@code DELETE} of them all grows it first by about
 * what it deletes. Both run with the server's compaction.
 */
class RetentionPruneTest {

    static final int OLD = 20_000;
    static final int KEPT = 2_000;
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path temp;

    @Test
    void pruningInBatchesDoesNotGrowTheFile() throws Exception {
        long[] batched = pruneAndMeasure(temp.resolve("batched"), true);
        long[] single = pruneAndMeasure(temp.resolve("single"), false);
        System.out.printf("%,d old decision records pruned: in batches the file went %,d -> largest %,d -> %,d bytes;"
                + " one DELETE: %,d -> largest %,d -> %,d bytes%n", OLD, batched[0], batched[1], batched[2], single[0], single[1], single[2]);
        // Against the single DELETE, which grows the file by about what it deletes (150-210 MB here): in batches the
        // file grows by a small fraction of that, at most. How much compaction reclaims while the batches run
        // depends on the CPU it gets, so the bound is relative to the DELETE measured in the same run, with an
        // absolute ceiling. Compaction rewrites at most 2 MB a pass, which leaves the file tight before the prune
        // (60-69 MB), so the prune's own writes extend it by 7-21 MB (to a largest of about 82 MB); with 16 MB passes
        // the file sat at 102-106 MB with room inside and did not grow.
        long batchedGrowth = batched[1] - batched[0];
        long singleGrowth = single[1] - single[0];
        assertTrue(singleGrowth > (64L << 20), "one DELETE grows the file (the contrast this measures): " + singleGrowth);
        assertTrue(batchedGrowth * 8 <= singleGrowth && batchedGrowth <= (32L << 20),
                "pruning in batches grew the file by " + batchedGrowth + " bytes, one DELETE by " + singleGrowth);
    }

    /** {before, largest while pruning, after} file sizes. */
    private long[] pruneAndMeasure(Path dir, boolean batched) throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", dir, 4);
        Path file = dir.resolve(StoreSettings.EMBEDDED_NAME + ".mv.db");
        try (HikariDataSource dataSource = StoreFactory.openMigrated(settings);
             EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(EmbeddedStoreCompaction.mvStore(dataSource),
                     EmbeddedStoreCompaction.INTERVAL, EmbeddedStoreCompaction.TARGET_FILL_RATE)) {
            EmbeddedStoreCompaction.mvStore(dataSource).setRetentionTime(1000); // the steady state in seconds, not minutes
            String evidence = "{\"signals\":[" + "\"co-authored-by: an agent\",".repeat(60) + "\"end\"]}";
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO aigate_decision (repo, pr_number, head_sha, installation_id, provenance_class, evidence,"
                            + " size_class, rule_results, conclusion, approvals_counted, overrides, timings, evaluated_at)"
                            + " VALUES ('acme/app', ?, 'abc', 7, 'agent', ?, 'small', '[]', 'success', 0, '[]', '{}', ?)")) {
                c.setAutoCommit(false);
                for (int i = 0; i < OLD + KEPT; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, evidence);
                    ps.setLong(3, i < OLD ? NOW.minusSeconds(200L * 86400).toEpochMilli() : NOW.toEpochMilli());
                    ps.addBatch();
                    if (i % 500 == 499) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
                c.setAutoCommit(true);
            }
            Thread.sleep(5000); // let compaction settle the file after the load, so "before" is its steady size
            long before = Files.size(file);
            AtomicLong largest = new AtomicLong(before);
            AtomicBoolean pruning = new AtomicBoolean(true);
            Thread watch = new Thread(() -> {
                while (pruning.get()) {
                    try {
                        largest.accumulateAndGet(Files.size(file), Math::max);
                        Thread.sleep(20);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            watch.start();
            int deleted;
            if (batched) {
                deleted = new JdbcDecisionLog(dataSource).prune(NOW.minusSeconds(180L * 86400));
            } else {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    deleted = s.executeUpdate("DELETE FROM aigate_decision WHERE evaluated_at < "
                            + NOW.minusSeconds(180L * 86400).toEpochMilli());
                }
            }
            Thread.sleep(3000); // compaction's next passes
            pruning.set(false);
            watch.join();
            assertEquals(OLD, deleted);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM aigate_decision")) {
                rs.next();
                assertEquals(KEPT, rs.getInt(1), "the records within retention stay");
            }
            return new long[] {before, largest.get(), Files.size(file)};
        }
    }
}
