package dev.aigate.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deletes old rows a batch at a time, each batch its own short transaction. One {@code DELETE} of a day's rows
 * holds all of them in one transaction: H2 keeps the transaction's undo log and every rewritten page until the
 * commit, so the embedded store's file grows by about the size of what is deleted before it can shrink, and
 * PostgreSQL holds the locks and the WAL for all of it at once. In paced batches the file reuses the space of
 * earlier batches (docs/performance/store.md, "Retention").
 */
public final class BatchedDelete {

    /** Rows per transaction. */
    public static final int BATCH = 1000;
    /**
     * Pause after a full batch, so the embedded store's compaction reuses the space of the last batches before the
     * next ones add more (measured in RetentionPruneTest). An hour's inbox at 50 deliveries/s prunes in 90 s.
     */
    public static final long PAUSE_MILLIS = 500;

    private BatchedDelete() {
    }

    /** Sleeps {@link #PAUSE_MILLIS}; an interrupt ends the prune early (the next run goes on). */
    public static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while pruning", e);
        }
    }

    /**
     * Deletes from {@code table} every row with {@code where} (which has one parameter, {@code cutoff}), by its
     * key column {@code key}; returns the rows deleted. Table, key and condition are the caller's constants.
     */
    public static int delete(DataSource dataSource, String table, String key, String where, long cutoff) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table + " WHERE "
                + where + " LIMIT " + BATCH + ")";
        int total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            while (true) {
                ps.setLong(1, cutoff);
                int n = ps.executeUpdate();
                total += n;
                if (n < BATCH) {
                    return total;
                }
                pause();
            }
        }
    }
}
