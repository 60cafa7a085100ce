package dev.aigate.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The durable inbox and work queue, in one table per concern ({@code aigate_delivery}, {@code aigate_work}),
 * shared by every replica through the database.
 *
 * <p><b>Why our own SQL instead of db-scheduler or JobRunr.</b> Both were considered. Neither can express the
 * coalescing rule this queue exists for: one row per pull request that (a) absorbs any number of events while
 * pending, (b) remembers that an event arrived <em>while the row is being executed</em> so that exactly one more
 * run follows, and (c) spaces runs of one key by a coalescing window. db-scheduler identifies an execution by
 * (task, instance id) and ignores or rejects a schedule for an instance that is currently picked, so (b) would need
 * a second table beside it anyway; JobRunr has no per-key mutual exclusion at all. Rate-limit deferrals must also
 * not count as failed attempts, and a rate limit seen by one job should defer its installation's other jobs. What
 * remains is small: a claim that picks due rows {@code FOR UPDATE SKIP LOCKED} and leases them with a token, the
 * same statements on H2 (which has {@code SKIP LOCKED} since 2.2.220) and PostgreSQL, so replicas pass over each
 * other's rows instead of racing for them.
 *
 * <p>Guarantees: see docs/queue.md.
 */
public class JdbcWorkQueue implements WorkQueue {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcWorkQueue.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_ERROR = 2000;
    private static final int MAX_TARGET_KEYS = 4000;

    private final DataSource dataSource;
    private final QueueSettings settings;
    private final Clock clock;
    private static final int MAX_BATCH = 128;

    private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<PendingAccept> accepts = new LinkedBlockingQueue<>();
    private Thread committer;

    public JdbcWorkQueue(DataSource dataSource, QueueSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
    }

    public QueueSettings settings() {
        return settings;
    }

    /** Registers a callback run after new work was committed (the in-process worker wakes without polling). */
    public void onNewWork(Runnable wakeUp) {
        wakeUps.add(wakeUp);
    }

    // ---------------------------------------------------------------- ingress

    /**
     * Records the delivery and its work durably before returning. Concurrent calls are committed together by
     * one committer thread (group commit): a durable commit costs the same for one delivery or fifty, so under
     * load many webhooks share one. The caller still returns only after its own delivery is committed.
     * A batch is written in a few JDBC round trips (see {@link #insertAll}).
     */
    @Override
    public boolean accept(InboundDelivery delivery, List<WorkTarget> targets) {
        PendingAccept pending = new PendingAccept(delivery, List.copyOf(targets), new CompletableFuture<>());
        ensureCommitter();
        accepts.add(pending);
        try {
            return pending.result().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueStoreException("Interrupted while recording delivery " + delivery.deliveryId(), e);
        } catch (TimeoutException e) {
            throw new QueueStoreException("Timed out recording delivery " + delivery.deliveryId(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QueueStoreException q) {
                throw q;
            }
            throw new QueueStoreException("Could not record delivery " + delivery.deliveryId(), e.getCause());
        }
    }

    private record PendingAccept(InboundDelivery delivery, List<WorkTarget> targets, CompletableFuture<Boolean> result) {
    }

    private synchronized void ensureCommitter() {
        if (committer == null || !committer.isAlive()) {
            committer = new Thread(this::commitLoop, "aigate-inbox-committer");
            committer.setDaemon(true);
            committer.start();
        }
    }

    private void commitLoop() {
        List<PendingAccept> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(accepts.take());
                accepts.drainTo(batch, MAX_BATCH - 1);
                commitBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.result().completeExceptionally(new QueueStoreException("Shutting down", e)));
                return;
            } catch (RuntimeException | Error e) {
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commitBatch(List<PendingAccept> batch) {
        try {
            List<Boolean> fresh;
            try {
                fresh = insertAll(batch);
            } catch (SQLException e) {
                if (batch.size() != 1 || !isUniqueViolation(e)) {
                    throw e;
                }
                // Another replica committed the same delivery id, or created the same work row, between our
                // read and our insert. Once more: now its rows are visible and the ordinary paths apply.
                fresh = insertAll(batch);
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(fresh.get(i));
            }
            if (fresh.contains(Boolean.TRUE)) {
                wake();
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(
                        new QueueStoreException("Could not record delivery " + batch.get(0).delivery().deliveryId(), e));
                return;
            }
            // A race with another replica, or one bad delivery, must not fail its neighbours: each alone.
            for (PendingAccept p : batch) {
                commitBatch(new ArrayList<>(List.of(p)));
            }
        }
    }

    /**
     * One transaction for the whole batch, in few round trips: read which ids exist, insert the new delivery
     * rows in one JDBC batch, then add the fresh deliveries' events to their work rows (summed per key, in key
     * order, so two replicas cannot deadlock): one batch of UPDATEs, one batch of INSERTs for missing keys.
     */
    private List<Boolean> insertAll(List<PendingAccept> batch) throws SQLException {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> existing = existingDeliveries(c, batch);
                Set<String> seen = new HashSet<>();
                List<Boolean> fresh = new ArrayList<>(batch.size());
                Map<String, WorkTarget> targets = new TreeMap<>();
                Map<String, Integer> counts = new TreeMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO aigate_delivery (delivery_id, event, action, installation_id, received_at, payload_size, target_keys)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (PendingAccept p : batch) {
                        InboundDelivery d = p.delivery();
                        if (existing.contains(d.deliveryId()) || !seen.add(d.deliveryId())) {
                            fresh.add(Boolean.FALSE);
                            continue;
                        }
                        fresh.add(Boolean.TRUE);
                        Map<String, WorkTarget> byKey = sortedByKey(p.targets());
                        ps.setString(1, d.deliveryId());
                        ps.setString(2, d.event());
                        ps.setString(3, d.action());
                        ps.setLong(4, d.installationId());
                        ps.setLong(5, d.receivedAt() == null ? now : d.receivedAt().toEpochMilli());
                        ps.setInt(6, d.payload() == null ? 0 : d.payload().length);
                        ps.setString(7, truncate(String.join(",", byKey.keySet()), MAX_TARGET_KEYS));
                        ps.addBatch();
                        for (WorkTarget t : byKey.values()) {
                            targets.put(t.key(), t);
                            counts.merge(t.key(), 1, Integer::sum);
                        }
                    }
                    if (fresh.contains(Boolean.TRUE)) {
                        ps.executeBatch();
                    }
                }
                upsertAll(c, targets, counts, now);
                c.commit();
                return fresh;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static Set<String> existingDeliveries(Connection c, List<PendingAccept> batch) throws SQLException {
        Set<String> existing = new HashSet<>();
        String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT delivery_id FROM aigate_delivery WHERE delivery_id IN (" + marks + ")")) {
            for (int i = 0; i < batch.size(); i++) {
                ps.setString(i + 1, batch.get(i).delivery().deliveryId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        return existing;
    }

    private void upsertAll(Connection c, Map<String, WorkTarget> targets, Map<String, Integer> counts, long now)
            throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        List<WorkTarget> ordered = new ArrayList<>(targets.values());
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement(UPDATE_WORK)) {
            for (WorkTarget t : ordered) {
                bindUpdate(ps, t, now, counts.get(t.key()));
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        boolean missing = false;
        try (PreparedStatement ps = c.prepareStatement(INSERT_WORK)) {
            for (int i = 0; i < ordered.size(); i++) {
                if (updated[i] == 0) {
                    WorkTarget t = ordered.get(i);
                    bindInsert(ps, t, now, counts.get(t.key()));
                    ps.addBatch();
                    missing = true;
                }
            }
            if (missing) {
                ps.executeBatch();
            }
        }
    }

    @Override
    public void enqueue(List<WorkTarget> targets) {
        Map<String, WorkTarget> byKey = sortedByKey(targets);
        if (byKey.isEmpty()) {
            return;
        }
        long now = clock.millis();
        inTransaction(c -> {
            for (WorkTarget target : byKey.values()) {
                upsert(c, target, now, 1);
            }
            return null;
        }, "enqueue work");
        wake();
    }

    /**
     * Adds events to the key's row. Pending: absorbed (the pending run will read the newest state). Running:
     * the generation moves past the claimed one, so completion schedules exactly one more run. Idle or parked:
     * due again, no earlier than one coalescing window after the previous run started.
     */
    private static final String UPDATE_WORK = "UPDATE aigate_work SET generation = generation + ?, installation_id = ?,"
            + " pending_since = COALESCE(pending_since, ?),"
            + " attempts = CASE WHEN state IN ('idle', 'parked') THEN 0 ELSE attempts END,"
            + " deferrals = CASE WHEN state IN ('idle', 'parked') THEN 0 ELSE deferrals END,"
            + " run_after = CASE WHEN state IN ('idle', 'parked')"
            + "   THEN GREATEST(?, COALESCE(last_started_at, 0) + ?) ELSE run_after END,"
            + " state = CASE WHEN state IN ('idle', 'parked') THEN 'pending' ELSE state END,"
            + " updated_at = ?"
            + " WHERE job_key = ?";

    private static final String INSERT_WORK = "INSERT INTO aigate_work (job_key, installation_id, repo, pr_number,"
            + " head_sha, state, generation, claimed_generation, run_after, attempts, deferrals, pending_since, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, ?, 0, 0, ?, ?)";

    private void bindUpdate(PreparedStatement ps, WorkTarget target, long now, int events) throws SQLException {
        ps.setLong(1, events);
        ps.setLong(2, target.installationId());
        ps.setLong(3, now);
        ps.setLong(4, now);
        ps.setLong(5, settings.coalesceWindow().toMillis());
        ps.setLong(6, now);
        ps.setString(7, target.key());
    }

    private static void bindInsert(PreparedStatement ps, WorkTarget target, long now, int events) throws SQLException {
        ps.setString(1, target.key());
        ps.setLong(2, target.installationId());
        ps.setString(3, target.repo());
        if (target.number() == null) {
            ps.setNull(4, Types.INTEGER);
        } else {
            ps.setInt(4, target.number());
        }
        ps.setString(5, target.sha());
        ps.setLong(6, events);
        ps.setLong(7, now);
        ps.setLong(8, now);
        ps.setLong(9, now);
    }

    /** Portable single upsert: UPDATE, else INSERT under a savepoint, else (a concurrent insert won) UPDATE. */
    private void upsert(Connection c, WorkTarget target, long now, int events) throws SQLException {
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

    // ---------------------------------------------------------------- worker side

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
    public List<ClaimedJob> claim(String owner, int max) {
        if (max <= 0) {
            return List.of();
        }
        long now = clock.millis();
        String token = UUID.randomUUID().toString();
        return inTransaction(c -> {
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
    public int reclaimOrphans() {
        return execute("UPDATE aigate_work SET lease_until = 0 WHERE state = 'running'", "reclaim orphaned work");
    }

    private List<ClaimedJob> read(Connection c, String token) throws SQLException {
        List<ClaimedJob> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT installation_id, repo, pr_number, head_sha, attempts, claimed_generation FROM aigate_work"
                        + " WHERE state = 'running' AND lease_token = ? ORDER BY run_after")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int number = rs.getInt(3);
                    Integer pr = rs.wasNull() ? null : number;
                    WorkTarget target = new WorkTarget(rs.getLong(1), rs.getString(2), pr, rs.getString(4));
                    out.add(new ClaimedJob(target, token, rs.getInt(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    /** Extends the lease of a running job. False when the lease was lost (expired and taken by another worker). */
    public boolean heartbeat(ClaimedJob job) {
        long now = clock.millis();
        return execute("UPDATE aigate_work SET lease_until = ? WHERE job_key = ? AND lease_token = ?",
                "extend lease", now + settings.lease().toMillis(), job.key(), job.token()) == 1;
    }

    /**
     * Marks a run done. When events arrived while it ran, the key is due again (once), one coalescing window
     * after this run started; otherwise it goes idle. False when the lease had been lost.
     */
    public boolean complete(ClaimedJob job) {
        long now = clock.millis();
        return execute("UPDATE aigate_work SET"
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
    public Optional<String> fail(ClaimedJob job, String error) {
        return fail(job, error, settings.maxAttempts());
    }

    /** {@link #fail(ClaimedJob, String)} with a smaller attempt budget, for failures that retrying rarely cures. */
    public Optional<String> fail(ClaimedJob job, String error, int maxAttempts) {
        long now = clock.millis();
        long runAfter = now + settings.backoff(job.attempt(), ThreadLocalRandom.current().nextDouble()).toMillis();
        int max = Math.max(1, Math.min(maxAttempts, settings.maxAttempts()));
        return inTransaction(c -> {
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
    public boolean defer(ClaimedJob job, Instant notBefore, String reason) {
        long now = clock.millis();
        long until = Math.min(Math.max(notBefore.toEpochMilli(), now + 1000), now + settings.maxDeferral().toMillis());
        return inTransaction(c -> {
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
    public boolean release(ClaimedJob job) {
        long now = clock.millis();
        return execute("UPDATE aigate_work SET state = 'pending', run_after = ?,"
                        + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
                        + " lease_owner = NULL, lease_token = NULL, lease_until = NULL, updated_at = ?"
                        + " WHERE job_key = ? AND lease_token = ?",
                "release work", now, now, job.key(), job.token()) == 1;
    }

    // ---------------------------------------------------------------- operations

    @Override
    public QueueStats stats() {
        long now = clock.millis();
        return inTransaction(c -> {
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

    @Override
    public List<ParkedJob> parked(int limit) {
        return inTransaction(c -> {
            List<ParkedJob> jobs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT installation_id, repo, pr_number, head_sha, attempts,"
                    + " last_error, updated_at FROM aigate_work WHERE state = 'parked' ORDER BY updated_at LIMIT ?")) {
                ps.setInt(1, Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int number = rs.getInt(3);
                        Integer pr = rs.wasNull() ? null : number;
                        jobs.add(new ParkedJob(new WorkTarget(rs.getLong(1), rs.getString(2), pr, rs.getString(4)),
                                rs.getInt(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
            }
            return jobs;
        }, "list parked work");
    }

    @Override
    public boolean retryParked(String key) {
        long now = clock.millis();
        boolean done = execute("UPDATE aigate_work SET state = 'pending', attempts = 0, run_after = ?, updated_at = ?"
                + " WHERE job_key = ? AND state = 'parked'", "retry parked work", now, now, key) == 1;
        if (done) {
            wake();
        }
        return done;
    }

    @Override
    public int retryAllParked() {
        long now = clock.millis();
        int count = execute("UPDATE aigate_work SET state = 'pending', attempts = 0, run_after = ?, updated_at = ?"
                + " WHERE state = 'parked'", "retry parked work", now, now);
        if (count > 0) {
            wake();
        }
        return count;
    }

    /**
     * Deletes idle work rows and inbox entries older than the cut-offs, a thousand at a time, each batch its own
     * transaction (one transaction of an hour's inbox grows the embedded store's file by its size). Returns rows deleted.
     */
    public int prune(Instant idleBefore, Instant deliveriesBefore) {
        return pruneInBatches("DELETE FROM aigate_work WHERE job_key IN (SELECT job_key FROM aigate_work"
                + " WHERE state = 'idle' AND updated_at < ? LIMIT 1000)", "prune idle work", idleBefore.toEpochMilli())
                + pruneInBatches("DELETE FROM aigate_delivery WHERE delivery_id IN (SELECT delivery_id FROM aigate_delivery"
                + " WHERE received_at < ? LIMIT 1000)", "prune inbox", deliveriesBefore.toEpochMilli());
    }

    private int pruneInBatches(String sql, String what, long cutoff) {
        int total = 0;
        while (true) {
            int n = execute(sql, what, cutoff);
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
    public boolean hasDelivery(String deliveryId) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM aigate_delivery WHERE delivery_id = ?")) {
                ps.setString(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }, "look up delivery");
    }

    // ---------------------------------------------------------------- plumbing

    private void wake() {
        for (Runnable wakeUp : wakeUps) {
            wakeUp.run();
        }
    }

    private static Map<String, WorkTarget> sortedByKey(List<WorkTarget> targets) {
        // A stable lock order across transactions: two deliveries touching the same keys cannot deadlock.
        Map<String, WorkTarget> byKey = new TreeMap<>();
        for (WorkTarget target : targets) {
            byKey.put(target.key(), target);
        }
        return byKey;
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work, String what) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new QueueStoreException("Could not " + what, e);
        }
    }

    private int execute(String sql, String what, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new QueueStoreException("Could not " + what, e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed", e);
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            for (Throwable t = x; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        return value.substring(0, max - 1) + "…";
    }

    /** Test and diagnostics helper: the raw row for a key (state, generation, attempts, deferrals). */
    public Map<String, Object> row(String key) {
        return inTransaction(c -> {
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
