package dev.aigate.github;

import org.slf4j.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs GitHub reads concurrently: every read of an evaluation that does not wait on another answer is put in
 * flight at once ({@link SnapshotLoader}, further pages of a list in {@link InstallationApi#list}). The threads
 * only wait on GitHub; how many requests of one installation are in flight at once is bounded where the request is
 * sent, by {@link InstallationApi#MAX_CONCURRENT_REQUESTS}, so this pool grows with the evaluations running
 * (the queue bounds those) and never queues a read behind another installation's. A task that waits on other
 * tasks never holds a request slot while it waits, so nothing here can deadlock. The caller's logging context
 * (installation, repository, pull request) goes with each task.
 */
public final class Reads {

    @FunctionalInterface
    public interface Read<T> {
        T call() throws IOException;
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "github-read-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Reads() {
    }

    /** Starts a read; its IOException completes the future exceptionally. */
    public static <T> CompletableFuture<T> async(Read<T> read) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return CompletableFuture.supplyAsync(() -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return read.call();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (before != null) {
                    MDC.setContextMap(before);
                } else {
                    MDC.clear();
                }
            }
        }, POOL);
    }

    /** Waits for a read and gives back what it threw: the IOException, a RuntimeException or an Error as is. */
    public static <T> T join(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a GitHub read");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static IOException rethrow(Throwable cause) {
        while (cause instanceof CompletionException || cause instanceof ExecutionException) {
            cause = cause.getCause();
        }
        if (cause instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }
}
