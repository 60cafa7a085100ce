package dev.aigate.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the embedded store's file near its live data while the server runs, without weakening durability.
 *
 * <p>The store commits with {@code WRITE_DELAY=0}: every commit is in the file before it returns, so a
 * {@code kill -9} loses no acknowledged delivery. That setting also turns off H2's background writer, and the
 * background writer is what compacts: each commit leaves a chunk that still holds a live page or two, so the
 * file grew about 3.7 MB a minute at 10 deliveries/s with 1–3 % of it live (H2 issue 442,
 * docs/performance/store.md). This does the background writer's compaction from a thread of our own: every
 * {@link #INTERVAL} it asks H2 ({@code MVStore.compact}) to rewrite the live pages of chunks under
 * {@link #TARGET_FILL_RATE} % full into a new chunk. The old chunks then hold nothing live, and their space is
 * reused once they have been dead for H2's retention time, so the file stops growing. A rewrite is an ordinary
 * MVStore commit under H2's own store lock: it never drops a transaction's commit, though a commit waits while a
 * pass runs (so a pass is kept short, {@link #WRITE_LIMIT}), and a crash in the
 * middle leaves the previous chunks in place.
 *
 * <p>The retention time is what keeps a power cut from finding a chunk overwritten that the last chunks on disk
 * still need: H2 assumes the operating system writes its buffers out within 45 s, and a chunk is only rewritten
 * once it is older than the retention time and only reused once it has been dead for as long again, so the file
 * carries about twice the retention time's worth of writes on top of its live data (at 50 deliveries/s with
 * evaluations, well over 100 MB at 45 s). This thread therefore also forces the file to disk every
 * {@link #SYNC_EVERY} passes and shortens the retention time to {@link #RETENTION}: a chunk that is reused has been
 * dead, and the chunks that replaced it on disk, for several forced writes. (A {@code kill -9} never depended on
 * either: the page cache keeps every write.)
 *
 * <p>Only for the embedded store; PostgreSQL keeps its files with autovacuum.
 */
@Context
public class EmbeddedStoreCompaction implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreCompaction.class);

    /** How often chunks are looked at; each pass that finds nothing to do costs microseconds. */
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Chunks with less live data than this share are rewritten (H2's own default for its background writer). */
    static final int TARGET_FILL_RATE = 90;
    /**
     * The most chunk bytes one pass rewrites. A pass holds H2's store lock, so every commit waits for it: at 3,700
     * deliveries/s a pass of up to 16 MB a second held the group commit for 40 to 65 ms each time, the largest part
     * of the acknowledgement's tail; 2 MB is short enough for a commit to wait on. Smaller passes also keep the file
     * tighter: after {@code RetentionPruneTest}'s load it settled at 60 to 69 MB against 102 to 106 MB, and its
     * largest during the prune was 82 MB against 106 MB (docs/performance.md).
     */
    static final int WRITE_LIMIT = 2 << 20;
    /** Every this many passes the file is forced to disk ({@code FileChannel.force}). */
    static final int SYNC_EVERY = 2;
    /** How long a chunk is kept after it stopped being needed: several forced writes. */
    static final Duration RETENTION = Duration.ofSeconds(10);

    private final MVStore store;
    private final ScheduledExecutorService thread;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong rewrites = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final int targetFillRate;

    public EmbeddedStoreCompaction(DataSource dataSource, StoreSettings settings, @Nullable MeterRegistry registry) {
        this(settings.isPostgres() ? null : mvStore(dataSource), INTERVAL, TARGET_FILL_RATE);
        if (store != null && registry != null) {
            FunctionCounter.builder("aigate.store.compaction.rewrites", this, EmbeddedStoreCompaction::rewrites)
                    .description("Compaction passes that rewrote chunks of the embedded store's file").register(registry);
            FunctionCounter.builder("aigate.store.compaction.seconds", this, c -> c.spent().toNanos() / 1e9)
                    .description("Time spent compacting the embedded store's file").register(registry);
        }
    }

    EmbeddedStoreCompaction(MVStore store, Duration interval, int targetFillRate) {
        this.store = store;
        this.targetFillRate = targetFillRate;
        if (store == null) {
            thread = null;
            return;
        }
        long sync = interval.toMillis() * SYNC_EVERY;
        // Only ever shortened, and only to several of our forced writes.
        store.setRetentionTime((int) Math.min(store.getRetentionTime(), Math.max(RETENTION.toMillis(), 5 * sync)));
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aigate-store-compaction");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::pass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The MVStore behind an embedded H2 datasource, or null when it is not one (a remote H2, PostgreSQL). */
    static MVStore mvStore(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isWrapperFor(JdbcConnection.class)
                    || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null;
            }
            return session.getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            throw new StoreException("Cannot reach the embedded store to keep its file compact", e);
        }
    }

    /** One compaction pass; true when it rewrote anything. */
    boolean pass() {
        if (store == null || store.isClosed()) {
            return false;
        }
        try {
            long pass = passes.incrementAndGet();
            long start = System.nanoTime();
            boolean rewrote = store.compact(targetFillRate, WRITE_LIMIT);
            if (pass % SYNC_EVERY == 0) {
                store.sync();
            }
            nanos.addAndGet(System.nanoTime() - start);
            if (rewrote) {
                rewrites.incrementAndGet();
            }
            return rewrote;
        } catch (RuntimeException e) {
            // The store closing under us at shutdown, or a transient failure: the next pass tries again.
            if (!store.isClosed()) {
                LOG.warn("Compacting the embedded store failed; will try again: {}", e.toString());
            }
            return false;
        }
    }

    /** Passes run and passes that rewrote chunks, for tests and logs. */
    long passes() {
        return passes.get();
    }

    long rewrites() {
        return rewrites.get();
    }

    /** Time spent in passes. */
    Duration spent() {
        return Duration.ofNanos(nanos.get());
    }

    @PreDestroy
    @Override
    public void close() {
        if (thread != null) {
            // No interrupt: an interrupted thread in the middle of file I/O would close H2's file channel.
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
