package dev.aigate.store;

import io.micronaut.context.annotation.Context;
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
 * {@link #TARGET_FILL_RATE} % full into a new chunk. The old chunks then hold nothing live; after H2's retention
 * time (45 s, kept as it is) their space is reused, so the file stops growing. A rewrite is an ordinary MVStore
 * commit under H2's own store lock: it never drops or delays a transaction's commit, and a crash in the middle
 * leaves the previous chunks in place.
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
    /** The most chunk bytes one pass rewrites, so one pass stays short under heavy ingest. */
    static final int WRITE_LIMIT = 16 << 20;

    private final MVStore store;
    private final ScheduledExecutorService thread;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong rewrites = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final int targetFillRate;

    public EmbeddedStoreCompaction(DataSource dataSource, StoreSettings settings) {
        this(settings.isPostgres() ? null : mvStore(dataSource), INTERVAL, TARGET_FILL_RATE);
    }

    EmbeddedStoreCompaction(MVStore store, Duration interval, int targetFillRate) {
        this.store = store;
        this.targetFillRate = targetFillRate;
        if (store == null) {
            thread = null;
            return;
        }
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
            passes.incrementAndGet();
            long start = System.nanoTime();
            boolean rewrote = store.compact(targetFillRate, WRITE_LIMIT);
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
