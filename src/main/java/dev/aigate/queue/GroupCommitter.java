package dev.aigate.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.aigate.queue.QueueJdbc.isUniqueViolation;
import static dev.aigate.queue.QueueJdbc.rollbackQuietly;
import static dev.aigate.queue.QueueJdbc.truncate;

/**
 * Ingress batching: the deliveries that arrive while one commit is under way are written together by the next,
 * on one thread, so a durable commit is shared by many webhooks under load.
 *
 * <p>With an {@link IngressJournal} (the embedded store), a batch that arrives under load (more than one entry,
 * or journaled entries still waiting for the store) and asks for no writes alongside is appended to the journal
 * instead, and {@link JournalApplier} moves it into the store a moment later in a larger transaction. A lone
 * delivery on a quiet server, and any batch with writes alongside, is committed to the store as before.
 */
final class GroupCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private static final int MAX_TARGET_KEYS = 4000;
    private static final int MAX_BATCH = 128;
    /**
     * Under load the committer waits up to this long for a batch to fill before it commits (see {@link #gather}).
     * A commit's cost in H2 is mostly the pages it writes from each changed table's root down, shared by all its
     * rows: at 3,700 deliveries/s batches of about 3 cost 0.24 ms of committer time a delivery, batches of about
     * 18 (this wait) 0.15 ms, and the server's CPU per delivery fell by about a fifth (docs/performance.md).
     */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A batch this large is committed without waiting for more. */
    static final int GATHER_ENOUGH = 64;
    static final int ACCEPT_TIMEOUT_SECONDS = 60;
    /**
     * Why no lookup comes first: {@link #insertAll}. No conflict target is named because H2 (in its PostgreSQL mode)
     * accepts only the bare form; the table's one unique key is the id.
     */
    private static final String INSERT_DELIVERY = "INSERT INTO aigate_delivery"
            + " (delivery_id, event, action, installation_id, received_at, payload_size, target_keys)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    /** Whether the store has a delivery id: the journal's duplicate check, and {@link QueueAdminQueries#hasDelivery}. */
    static final String SELECT_DELIVERY = "SELECT 1 FROM aigate_delivery WHERE delivery_id = ?";

    private final QueueJdbc jdbc;
    private final WorkRows rows;
    private final Clock clock;
    private final Runnable wake;
    private final LinkedBlockingQueue<PendingAccept> accepts = new LinkedBlockingQueue<>();
    private volatile CommitObserver observer = CommitObserver.NONE;
    private Thread committer;
    /** Null without a journal; else where journaled batches go. */
    private final JournalApplier applier;
    /** Tests: journal every batch that can be, not only under load. */
    private final boolean journalAlways;

    /**
     * Told about every group commit (on the committer thread, or the journal's applier for its transactions) and
     * every journal append; it must return at once.
     */
    interface CommitObserver {
        CommitObserver NONE = (entries, gatherNanos, commitNanos) -> { };

        /** A batch of {@code entries} new deliveries appended to the journal in {@code nanos}, lookups included. */
        default void journaled(int entries, long nanos) {
        }

        /**
         * @param entries     deliveries (and delivery-less writes) in the batch
         * @param gatherNanos from the first entry's arrival at the committer to the start of the transaction
         * @param commitNanos the transaction, from its first statement to its durable commit
         */
        void committed(int entries, long gatherNanos, long commitNanos);
    }

    GroupCommitter(QueueJdbc jdbc, WorkRows rows, Clock clock, Runnable wake) {
        this(jdbc, rows, clock, wake, null, false);
    }

    /** With {@code journal} non-null, batches under load are journaled ({@link JournalApplier}). */
    GroupCommitter(QueueJdbc jdbc, WorkRows rows, Clock clock, Runnable wake, IngressJournal journal,
                   boolean journalAlways) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.clock = clock;
        this.wake = wake;
        this.applier = journal == null ? null : new JournalApplier(journal, this::applyJournaled, wake);
        this.journalAlways = journalAlways;
    }

    /** The journal's applier, or null without a journal. */
    JournalApplier applier() {
        return applier;
    }

    /**
     * Records the delivery and its work durably before returning. Concurrent calls are committed together by
     * one committer thread (group commit): a durable commit costs the same for one delivery or fifty, so under
     * load many webhooks share one. The caller still returns only after its own delivery is committed.
     * A batch is written in a few JDBC round trips (see {@link #insertAll}).
     */
    void observe(CommitObserver observer) {
        this.observer = observer;
    }

    boolean accept(InboundDelivery delivery, List<WorkTarget> targets) {
        CompletableFuture<Boolean> result = acceptAsync(delivery, targets, List.of());
        try {
            return result.get(ACCEPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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

    /**
     * As {@link #accept}, without blocking the caller: the future completes (on the committer thread) once the
     * commit that holds the delivery, its work and {@code alongside} is durable, true when the delivery id was
     * new; a duplicate adds nothing and runs none of {@code alongside} (they were committed with the first).
     * It fails with a {@link QueueStoreException} when the store cannot take it; a caller that waits bounds the
     * wait itself (as {@link #accept} does, {@value #ACCEPT_TIMEOUT_SECONDS} seconds), no timer is set per delivery.
     */
    CompletableFuture<Boolean> acceptAsync(InboundDelivery delivery, List<WorkTarget> targets,
                                           List<AlongsideWrite> alongside) {
        return submit(new PendingAccept(delivery, List.copyOf(targets), List.copyOf(alongside), new CompletableFuture<>()));
    }

    /** Commits {@code writes} with the next group, for a delivery that asks for no work (so has no inbox row). */
    CompletableFuture<Boolean> writeAsync(List<AlongsideWrite> writes) {
        return submit(new PendingAccept(null, List.of(), List.copyOf(writes), new CompletableFuture<>()));
    }

    private CompletableFuture<Boolean> submit(PendingAccept pending) {
        ensureCommitter();
        accepts.add(pending);
        return pending.result();
    }

    /** {@code delivery} is null for writes that come with no inbox row ({@link #writeAsync}). */
    private record PendingAccept(InboundDelivery delivery, List<WorkTarget> targets, List<AlongsideWrite> alongside,
                                 CompletableFuture<Boolean> result) {
        String what() {
            return delivery == null ? "the writes of a delivery" : "delivery " + delivery.deliveryId();
        }
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
        int previous = 0;
        while (true) {
            try {
                batch.add(accepts.take());
                long taken = System.nanoTime();
                accepts.drainTo(batch, MAX_BATCH - 1);
                if (journaling(batch, previous) && journalBatch(batch)) {
                    previous = batch.size();
                    continue;
                }
                if (previous > 1) {
                    gather(batch);
                }
                previous = batch.size();
                commitBatch(batch, System.nanoTime() - taken);
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

    /** Whether {@code batch} goes to the journal: there is one with room, the server is busy, no entry writes more. */
    private boolean journaling(List<PendingAccept> batch, int previous) {
        if (applier == null || !applier.hasRoom(batch.size())) {
            return false;
        }
        if (!journalAlways && batch.size() == 1 && previous <= 1 && !applier.busy()) {
            return false;
        }
        for (PendingAccept p : batch) {
            if (p.delivery() == null || !p.alongside().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Journals the batch's new deliveries and answers the batch; false (nothing answered) when the store could not
     * be asked about duplicates or the journal could not be written, and the batch goes to the store instead.
     * A delivery is new when the batch has not had its id already, the journal holds no entry of it that is still
     * pending, and the store has no row of it, checked in that order: the applier commits an entry before it stops
     * being pending, so none falls between the two.
     */
    private boolean journalBatch(List<PendingAccept> batch) {
        long started = System.nanoTime();
        List<Boolean> fresh = new ArrayList<>(batch.size());
        List<IngressJournal.Entry> entries = new ArrayList<>(batch.size());
        Set<String> seen = new HashSet<>();
        try (Connection c = jdbc.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT_DELIVERY)) {
            for (PendingAccept p : batch) {
                String id = p.delivery().deliveryId();
                boolean isNew = seen.add(id) && !applier.isPending(id) && !inStore(ps, id);
                fresh.add(isNew);
                if (isNew) {
                    entries.add(new IngressJournal.Entry(p.delivery(), p.targets()));
                }
            }
            if (!entries.isEmpty()) {
                applier.journal(entries);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn("could not journal {} deliveries, committing them to the store instead: {}", batch.size(),
                    e.toString());
            return false;
        }
        observer.journaled(entries.size(), System.nanoTime() - started);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(fresh.get(i));
        }
        return true;
    }

    private static boolean inStore(PreparedStatement ps, String deliveryId) throws SQLException {
        ps.setString(1, deliveryId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The applier's transaction: journaled entries written as a batch of the store path would be. */
    void applyJournaled(List<IngressJournal.Entry> entries) throws SQLException {
        List<PendingAccept> batch = new ArrayList<>(entries.size());
        for (IngressJournal.Entry e : entries) {
            batch.add(new PendingAccept(e.delivery(), e.targets(), List.of(), null));
        }
        long started = System.nanoTime();
        insertAll(batch, false);
        observer.committed(batch.size(), 0, System.nanoTime() - started);
    }

    /**
     * Waits up to {@link #GATHER_NANOS} for more of the batch, until it holds {@link #GATHER_ENOUGH}. Only called
     * when the last commit was shared (more than one entry): a lone delivery on a quiet server is committed at once,
     * while under load every delivery waits at most this long more and the commits it shares cost less.
     */
    private void gather(List<PendingAccept> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < GATHER_ENOUGH) {
            long left = deadline - System.nanoTime();
            PendingAccept next = left > 0 ? accepts.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            accepts.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    /**
     * Commits {@code batch} and completes its futures. A commit that succeeds is reported to the observer before
     * any caller is answered; {@code gatherNanos} is negative for the one-by-one retry of a failed batch, which is
     * not reported.
     */
    private void commitBatch(List<PendingAccept> batch, long gatherNanos) {
        long started = System.nanoTime();
        try {
            List<Boolean> fresh;
            try {
                fresh = insertAll(batch, true);
            } catch (SQLException e) {
                if (batch.size() != 1 || !isUniqueViolation(e)) {
                    throw e;
                }
                // Another replica committed the same delivery id, or created the same work row, between our
                // read and our insert. Once more: now its rows are visible and the ordinary paths apply.
                fresh = insertAll(batch, true);
            }
            if (gatherNanos >= 0) {
                observer.committed(batch.size(), gatherNanos, System.nanoTime() - started);
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(fresh.get(i));
            }
            for (int i = 0; i < batch.size(); i++) {
                if (fresh.get(i) && batch.get(i).delivery() != null && !batch.get(i).targets().isEmpty()) {
                    wake.run();
                    break;
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(
                        new QueueStoreException("Could not record " + batch.get(0).what(), e));
                return;
            }
            // A race with another replica, or one bad delivery, must not fail its neighbours: each alone.
            for (PendingAccept p : batch) {
                commitBatch(new ArrayList<>(List.of(p)), -1);
            }
        }
    }

    /**
     * One transaction for the whole batch, in few round trips: insert the new delivery rows in one JDBC batch
     * (learning which ids were already there), then add the fresh deliveries' events to their work rows (summed
     * per key, in key order, so two replicas cannot deadlock): one batch of UPDATEs, one batch of INSERTs for
     * missing keys.
     *
     * <p>The insert skips an id that exists ({@code ON CONFLICT DO NOTHING}, its count 0), so no lookup comes
     * first. The lookup it replaced, {@code delivery_id IN (?, …)} with up to {@value #MAX_BATCH} ids, was a new
     * statement for every batch size: PostgreSQL planned it afresh each time, and its planning grew with the table
     * where no {@code ANALYZE} had run (8 ms a batch at 150,000 rows, ingest down from 2,000/s to 800/s), and H2's
     * planner allocated more than a quarter of the embedded server's garbage at 3,700/s (docs/performance.md).
     *
     * <p>{@code notJournaled}: the batch comes from ingress, not from the journal, so an id the journal holds and
     * the store does not have yet is a repeat too.
     */
    private List<Boolean> insertAll(List<PendingAccept> batch, boolean notJournaled) throws SQLException {
        long now = clock.millis();
        try (Connection c = jdbc.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Map<String, WorkTarget>> byKey = new ArrayList<>(batch.size());
                for (PendingAccept p : batch) {
                    byKey.add(WorkRows.sortedByKey(p.targets()));
                }
                List<Boolean> fresh = insertDeliveries(c, batch, byKey, now, notJournaled);
                Map<String, WorkTarget> targets = new TreeMap<>();
                Map<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < batch.size(); i++) {
                    if (!fresh.get(i)) {
                        continue;
                    }
                    writeAll(c, batch.get(i).alongside());
                    for (WorkTarget t : byKey.get(i).values()) {
                        targets.put(t.key(), t);
                        counts.merge(t.key(), 1, Integer::sum);
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

    /**
     * Inserts the batch's delivery rows; returns, per entry, whether it is new (an entry without a delivery is
     * always "new": its writes are due). A delivery id seen earlier in the same batch is a duplicate.
     * {@code byKey} holds each entry's targets by key, as its row records them.
     */
    private List<Boolean> insertDeliveries(Connection c, List<PendingAccept> batch, List<Map<String, WorkTarget>> byKey,
                                           long now, boolean notJournaled) throws SQLException {
        Set<String> seen = new HashSet<>();
        List<Boolean> fresh = new ArrayList<>(batch.size());
        List<Integer> inserted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_DELIVERY)) {
            for (int i = 0; i < batch.size(); i++) {
                InboundDelivery d = batch.get(i).delivery();
                if (d == null) {
                    fresh.add(Boolean.TRUE);
                    continue;
                }
                // Journaled and not yet applied: a repeat, though the store has no row of it yet.
                boolean isNew = seen.add(d.deliveryId())
                        && (!notJournaled || applier == null || !applier.isPending(d.deliveryId()));
                fresh.add(isNew);
                if (!isNew) {
                    continue;
                }
                ps.setString(1, d.deliveryId());
                ps.setString(2, d.event());
                ps.setString(3, d.action());
                ps.setLong(4, d.installationId());
                ps.setLong(5, d.receivedAt() == null ? now : d.receivedAt().toEpochMilli());
                ps.setInt(6, d.payloadSize());
                ps.setString(7, truncate(String.join(",", byKey.get(i).keySet()), MAX_TARGET_KEYS));
                ps.addBatch();
                inserted.add(i);
            }
            if (!inserted.isEmpty()) {
                int[] rows = ps.executeBatch();
                for (int k = 0; k < rows.length; k++) {
                    if (rows[k] == 0) {
                        fresh.set(inserted.get(k), Boolean.FALSE); // committed before, by us or another replica
                    }
                }
            }
        }
        return fresh;
    }

    private static void writeAll(Connection c, List<AlongsideWrite> writes) throws SQLException {
        for (AlongsideWrite w : writes) {
            w.write(c);
        }
    }

    private void upsertAll(Connection c, Map<String, WorkTarget> targets, Map<String, Integer> counts, long now)
            throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        List<WorkTarget> ordered = new ArrayList<>(targets.values());
        int[] updated;
        try (PreparedStatement ps = c.prepareStatement(WorkRows.UPDATE_WORK)) {
            for (WorkTarget t : ordered) {
                rows.bindUpdate(ps, t, now, counts.get(t.key()));
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        boolean missing = false;
        try (PreparedStatement ps = c.prepareStatement(WorkRows.INSERT_WORK)) {
            for (int i = 0; i < ordered.size(); i++) {
                if (updated[i] == 0) {
                    WorkTarget t = ordered.get(i);
                    WorkRows.bindInsert(ps, t, now, counts.get(t.key()));
                    ps.addBatch();
                    missing = true;
                }
            }
            if (missing) {
                ps.executeBatch();
            }
        }
    }
}
