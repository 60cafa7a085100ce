package dev.aigate.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What operators and the dashboard ask of the queue: stats, parked jobs and their redelivery, pruning. */
final class QueueAdminQueries {

    private final QueueJdbc jdbc;
    private final Clock clock;
    private final Runnable wake;

    QueueAdminQueries(QueueJdbc jdbc, Clock clock, Runnable wake) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.wake = wake;
    }

    QueueStats stats() {
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            long pending = 0;
            long running = 0;
            long parked = 0;
            long oldest = Long.MAX_VALUE;
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*), MIN(pending_since) FROM aigate_work"
                    + " WHERE state IN ('pending', 'running', 'parked') GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(1);
                    long count = rs.getLong(2);
                    long since = rs.getLong(3);
                    boolean hasSince = !rs.wasNull();
                    switch (state) {
                        case "pending" -> pending = count;
                        case "running" -> running = count;
                        default -> parked = count;
                    }
                    if (hasSince && !"parked".equals(state)) {
                        oldest = Math.min(oldest, since);
                    }
                }
            }
            Duration age = oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(Math.max(0, now - oldest));
            return new QueueStats(pending, running, parked, age);
        }, "read queue stats");
    }

    List<ParkedJob> parked(int limit) {
        return jdbc.inTransaction(c -> {
            List<ParkedJob> jobs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT installation_id, repo, pr_number, head_sha, attempts,"
                    + " last_error, updated_at FROM aigate_work WHERE state = 'parked' ORDER BY updated_at LIMIT ?")) {
                ps.setInt(1, Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(new ParkedJob(StoredTarget.read(rs, 1),
                                rs.getInt(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
            }
            return jobs;
        }, "list parked work");
    }

    boolean retryParked(String key) {
        long now = clock.millis();
        boolean done = jdbc.execute("UPDATE aigate_work SET state = 'pending', attempts = 0, run_after = ?, updated_at = ?"
                + " WHERE job_key = ? AND state = 'parked'", "retry parked work", now, now, key) == 1;
        if (done) {
            wake.run();
        }
        return done;
    }

    int retryAllParked() {
        long now = clock.millis();
        int count = jdbc.execute("UPDATE aigate_work SET state = 'pending', attempts = 0, run_after = ?, updated_at = ?"
                + " WHERE state = 'parked'", "retry parked work", now, now);
        if (count > 0) {
            wake.run();
        }
        return count;
    }

    /**
     * Deletes idle work rows and inbox entries older than the cut-offs, a thousand at a time, each batch its own
     * transaction (one transaction of an hour's inbox grows the embedded store's file by its size). Returns rows deleted.
     */
    int prune(Instant idleBefore, Instant deliveriesBefore) {
        return pruneInBatches("DELETE FROM aigate_work WHERE job_key IN (SELECT job_key FROM aigate_work"
                + " WHERE state = 'idle' AND updated_at < ? LIMIT 1000)", "prune idle work", idleBefore.toEpochMilli())
                + pruneInBatches("DELETE FROM aigate_delivery WHERE delivery_id IN (SELECT delivery_id FROM aigate_delivery"
                + " WHERE received_at < ? LIMIT 1000)", "prune inbox", deliveriesBefore.toEpochMilli());
    }

    private int pruneInBatches(String sql, String what, long cutoff) {
        int total = 0;
        while (true) {
            int n = jdbc.execute(sql, what, cutoff);
            total += n;
            if (n < 1000) {
                return total;
            }
            try {
                Thread.sleep(500); // as store.BatchedDelete: lets the embedded store reuse the space of earlier batches
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            }
        }
    }

    /** True when a delivery with this id was accepted (and not yet pruned). */
    boolean hasDelivery(String deliveryId) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(GroupCommitter.SELECT_DELIVERY)) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }, "look up delivery");
    }

    /** Test and diagnostics helper: the raw row for a key (state, generation, attempts, deferrals). */
    Map<String, Object> row(String key) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, generation, claimed_generation, attempts,"
                    + " deferrals, run_after, lease_owner FROM aigate_work WHERE job_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    if (rs.next()) {
                        row.put("state", rs.getString(1));
                        row.put("generation", rs.getLong(2));
                        row.put("claimed_generation", rs.getLong(3));
                        row.put("attempts", rs.getInt(4));
                        row.put("deferrals", rs.getInt(5));
                        row.put("run_after", rs.getLong(6));
                        row.put("lease_owner", rs.getString(7));
                    }
                    return row;
                }
            }
        }, "read work row");
    }
}
