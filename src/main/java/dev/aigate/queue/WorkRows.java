package dev.aigate.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.aigate.queue.QueueJdbc.isUniqueViolation;

/**
 * The SQL that adds events to work rows ({@code aigate_work}), shared by the group committer (a delivery's
 * targets) and {@link #enqueue} (targets that came from no delivery: the CLI, reconcile sweeps).
 */
final class WorkRows {

    private final QueueJdbc jdbc;
    private final QueueSettings settings;
    private final Clock clock;
    private final Runnable wake;

    WorkRows(QueueJdbc jdbc, QueueSettings settings, Clock clock, Runnable wake) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.wake = wake;
    }

    void enqueue(List<WorkTarget> targets) {
        Map<String, WorkTarget> byKey = sortedByKey(targets);
        if (byKey.isEmpty()) {
            return;
        }
        long now = clock.millis();
        jdbc.inTransaction(c -> {
            for (WorkTarget target : byKey.values()) {
                upsert(c, target, now, 1);
            }
            return null;
        }, "enqueue work");
        wake.run();
    }

    /**
     * Adds events to the key's row. Pending: absorbed (the pending run will read the newest state). Running:
     * the generation moves past the claimed one, so completion schedules exactly one more run. Idle or parked:
     * due again, no earlier than one coalescing window after the previous run started.
     */
    static final String UPDATE_WORK = "UPDATE aigate_work SET generation = generation + ?, installation_id = ?,"
            + " pending_since = COALESCE(pending_since, ?),"
            + " attempts = CASE WHEN state IN ('idle', 'parked') THEN 0 ELSE attempts END,"
            + " deferrals = CASE WHEN state IN ('idle', 'parked') THEN 0 ELSE deferrals END,"
            + " run_after = CASE WHEN state IN ('idle', 'parked')"
            + "   THEN GREATEST(?, COALESCE(last_started_at, 0) + ?) ELSE run_after END,"
            + " state = CASE WHEN state IN ('idle', 'parked') THEN 'pending' ELSE state END,"
            + " updated_at = ?"
            + " WHERE job_key = ?";

    static final String INSERT_WORK = "INSERT INTO aigate_work (job_key, installation_id, repo, pr_number,"
            + " head_sha, state, generation, claimed_generation, run_after, attempts, deferrals, pending_since, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, ?, 0, 0, ?, ?)";

    void bindUpdate(PreparedStatement ps, WorkTarget target, long now, int events) throws SQLException {
        ps.setLong(1, events);
        ps.setLong(2, target.installationId());
        ps.setLong(3, now);
        ps.setLong(4, now);
        ps.setLong(5, settings.coalesceWindow().toMillis());
        ps.setLong(6, now);
        ps.setString(7, target.key());
    }

    static void bindInsert(PreparedStatement ps, WorkTarget target, long now, int events) throws SQLException {
        ps.setString(1, target.key());
        ps.setLong(2, target.installationId());
        StoredTarget.bind(ps, 3, target);
        ps.setLong(6, events);
        ps.setLong(7, now);
        ps.setLong(8, now);
        ps.setLong(9, now);
    }

    /** Portable single upsert: UPDATE, else INSERT under a savepoint, else (a concurrent insert won) UPDATE. */
    void upsert(Connection c, WorkTarget target, long now, int events) throws SQLException {
        if (update(c, target, now, events) > 0) {
            return;
        }
        Savepoint savepoint = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(INSERT_WORK)) {
            bindInsert(ps, target, now, events);
            ps.executeUpdate();
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(savepoint);
            if (update(c, target, now, events) == 0) {
                throw new SQLException("Work row for " + target.key() + " vanished during upsert", e);
            }
        }
    }

    private int update(Connection c, WorkTarget target, long now, int events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_WORK)) {
            bindUpdate(ps, target, now, events);
            return ps.executeUpdate();
        }
    }

    static Map<String, WorkTarget> sortedByKey(List<WorkTarget> targets) {
        // A stable lock order across transactions: two deliveries touching the same keys cannot deadlock.
        Map<String, WorkTarget> byKey = new TreeMap<>();
        for (WorkTarget target : targets) {
            byKey.put(target.key(), target);
        }
        return byKey;
    }
}
