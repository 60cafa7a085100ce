package dev.aigate.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.aigate.queue.QueueJdbc.truncate;

/** The worker side of the queue: claim, lease and heartbeat, and a run's end (complete, fail, defer, release). */
final class WorkerStatements {

    private static final int MAX_ERROR = 2000;

    private final QueueJdbc jdbc;
    private final QueueSettings settings;
    private final Clock clock;

    WorkerStatements(QueueJdbc jdbc, QueueSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Leases up to {@code max} due jobs for {@code owner}: pending ones whose time has come, and running ones whose
     * lease expired (their worker died). One short transaction: the due rows are picked {@code FOR UPDATE SKIP
     * LOCKED}, so rows another replica is claiming at this moment are passed over instead of waited for or raced
     * for, then updated with one lease token for the claim. The update repeats the due condition, so even a row
     * that changed in between is never leased twice.
     *
     * <p>Why not one statement: {@code UPDATE ... WHERE job_key IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)} is
     * not safe on PostgreSQL, whose planner may run the subquery again for each row and so lease more than
     * {@code n} (a test caught it leasing every due row), and H2 has no {@code WITH ... UPDATE} to pin it. H2 (which
     * has {@code SKIP LOCKED} since 2.2.220) applies the {@code LIMIT} before it skips locked rows, so while another
     * claim holds the first due rows an H2 claim may come back short; only PostgreSQL serves several processes.
     */
    List<ClaimedJob> claim(String owner, int max) {
        if (max <= 0) {
            return List.of();
        }
        long now = clock.millis();
        String token = UUID.randomUUID().toString();
        return jdbc.inTransaction(c -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT job_key FROM aigate_work WHERE " + DUE
                    + " ORDER BY run_after LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setInt(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            }
            if (keys.isEmpty()) {
                return List.<ClaimedJob>of();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE aigate_work SET state = 'running', lease_owner = ?, lease_token = ?, lease_until = ?,"
                            + " claimed_generation = generation, attempts = attempts + 1, last_started_at = ?, updated_at = ?"
                            + " WHERE job_key IN (" + String.join(", ", java.util.Collections.nCopies(keys.size(), "?"))
                            + ") AND " + DUE)) {
                int i = 1;
                ps.setString(i++, truncate(owner, 200));
                ps.setString(i++, token);
                ps.setLong(i++, now + settings.lease().toMillis());
                ps.setLong(i++, now);
                ps.setLong(i++, now);
                for (String key : keys) {
                    ps.setString(i++, key);
                }
                ps.setLong(i++, now);
                ps.setLong(i, now);
                if (ps.executeUpdate() == 0) {
                    return List.<ClaimedJob>of();
                }
            }
            return read(c, token);
        }, "claim work");
    }

    /** Due: pending and its time has come, or running with an expired lease. Two parameters: now, now. */
    private static final String DUE = "((state = 'pending' AND run_after <= ?) OR (state = 'running' AND lease_until < ?))";

    /**
     * Frees at once the lease of every job left running, as if it had expired; returns how many. Only for a store
     * that one process alone can open, as the embedded store (H2 locks its file): when it starts, no other process
     * can be running any job, so every running row is the job of a previous process that died (a {@code kill -9},
     * a power cut) and waiting for its lease to expire would only delay it. The claim counts the crashed run as a
     * failed attempt, as it does for an expired lease.
     */
    int reclaimOrphans() {
        return jdbc.execute("UPDATE aigate_work SET lease_until = 0 WHERE state = 'running'", "reclaim orphaned work");
    }

    private List<ClaimedJob> read(Connection c, String token) throws SQLException {
        List<ClaimedJob> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT installation_id, repo, pr_number, head_sha, attempts, claimed_generation, job_key FROM aigate_work"
                        + " WHERE state = 'running' AND lease_token = ? ORDER BY run_after")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    WorkTarget target = StoredTarget.read(rs, 1);
                    out.add(new ClaimedJob(target, rs.getString(7), token, rs.getInt(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    /** Extends the lease of a running job. False when the lease was lost (expired and taken by another worker). */
    boolean heartbeat(ClaimedJob job) {
        long now = clock.millis();
        return jdbc.execute("UPDATE aigate_work SET lease_until = ? WHERE job_key = ? AND lease_token = ?",
                "extend lease", now + settings.lease().toMillis(), job.key(), job.token()) == 1;
    }

    /**
     * Marks a run done. When events arrived while it ran, the key is due again (once), one coalescing window
     * after this run started; otherwise it goes idle. False when the lease had been lost.
     */
    boolean complete(ClaimedJob job) {
        long now = clock.millis();
        return jdbc.execute("UPDATE aigate_work SET"
                        + " run_after = CASE WHEN generation > claimed_generation THEN GREATEST(?, last_started_at + ?) ELSE run_after END,"
                        + " pending_since = CASE WHEN generation > claimed_generation THEN last_started_at ELSE NULL END,"
                        + " state = CASE WHEN generation > claimed_generation THEN 'pending' ELSE 'idle' END,"
                        + " attempts = 0, deferrals = 0, lease_owner = NULL, lease_token = NULL, lease_until = NULL,"
                        + " last_error = NULL, updated_at = ?"
                        + " WHERE job_key = ? AND lease_token = ?",
                "complete work", now, settings.coalesceWindow().toMillis(), now, job.key(), job.token()) == 1;
    }

    /**
     * Records a failed run. Due again after exponential backoff; parked once {@link QueueSettings#maxAttempts()}
     * attempts failed, unless an event arrived during the run (new state earns a fresh attempt budget).
     * Returns the job's new state ("pending" or "parked"), or empty when the lease had been lost.
     */
    Optional<String> fail(ClaimedJob job, String error) {
        return fail(job, error, settings.maxAttempts());
    }

    /** {@link #fail(ClaimedJob, String)} with a smaller attempt budget, for failures that retrying rarely cures. */
    Optional<String> fail(ClaimedJob job, String error, int maxAttempts) {
        long now = clock.millis();
        long runAfter = now + settings.backoff(job.attempt(), ThreadLocalRandom.current().nextDouble()).toMillis();
        int max = Math.max(1, Math.min(maxAttempts, settings.maxAttempts()));
        return jdbc.inTransaction(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_work SET"
                    + " state = CASE WHEN attempts >= ? AND generation <= claimed_generation THEN 'parked' ELSE 'pending' END,"
                    + " attempts = CASE WHEN attempts >= ? AND generation > claimed_generation THEN 0 ELSE attempts END,"
                    + " run_after = ?, last_error = ?, lease_owner = NULL, lease_token = NULL, lease_until = NULL, updated_at = ?"
                    + " WHERE job_key = ? AND lease_token = ?")) {
                ps.setInt(1, max);
                ps.setInt(2, max);
                ps.setLong(3, runAfter);
                ps.setString(4, truncate(error, MAX_ERROR));
                ps.setLong(5, now);
                ps.setString(6, job.key());
                ps.setString(7, job.token());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                return Optional.<String>empty();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM aigate_work WHERE job_key = ?")) {
                ps.setString(1, job.key());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        }, "record failure");
    }

    /**
     * Defers a run that hit a rate limit until {@code notBefore} (at least one second away, at most
     * {@link QueueSettings#maxDeferral()}), without counting it as a failed attempt. The installation's other
     * pending jobs are pushed back to the same time: they would hit the same limit. False when the lease was lost.
     */
    boolean defer(ClaimedJob job, Instant notBefore, String reason) {
        long now = clock.millis();
        long until = Math.min(Math.max(notBefore.toEpochMilli(), now + 1000), now + settings.maxDeferral().toMillis());
        return jdbc.inTransaction(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_work SET state = 'pending', run_after = ?,"
                    + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, deferrals = deferrals + 1,"
                    + " last_error = ?, lease_owner = NULL, lease_token = NULL, lease_until = NULL, updated_at = ?"
                    + " WHERE job_key = ? AND lease_token = ?")) {
                ps.setLong(1, until);
                ps.setString(2, truncate(reason, MAX_ERROR));
                ps.setLong(3, now);
                ps.setString(4, job.key());
                ps.setString(5, job.token());
                updated = ps.executeUpdate();
            }
            if (updated == 1 && job.target().installationId() != 0) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_work SET run_after = ?"
                        + " WHERE installation_id = ? AND state = 'pending' AND run_after < ?")) {
                    ps.setLong(1, until);
                    ps.setLong(2, job.target().installationId());
                    ps.setLong(3, until);
                    ps.executeUpdate();
                }
            }
            return updated == 1;
        }, "defer work");
    }

    /** Gives a job back unrun (shutdown): due now, and the attempt does not count. */
    boolean release(ClaimedJob job) {
        long now = clock.millis();
        return jdbc.execute("UPDATE aigate_work SET state = 'pending', run_after = ?,"
                        + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
                        + " lease_owner = NULL, lease_token = NULL, lease_until = NULL, updated_at = ?"
                        + " WHERE job_key = ? AND lease_token = ?",
                "release work", now, now, job.key(), job.token()) == 1;
    }
}
