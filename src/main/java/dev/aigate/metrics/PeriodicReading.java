package dev.aigate.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A gauge's value that costs a store query to read: read at most once per interval, however many gauges and
 * scrapes ask for it. A failed read keeps the last value (the store's own health check reports the outage).
 */
public final class PeriodicReading<T> implements Supplier<T> {

    private final Supplier<T> source;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private volatile T value;
    private volatile long readAt;
    private volatile boolean read;

    /** @param initial the value until the first read succeeds */
    public PeriodicReading(Supplier<T> source, Duration interval, T initial) {
        this(source, interval, initial, System::nanoTime);
    }

    /** The same, with the time source given ({@link System#nanoTime()} in production; tests move one by hand). */
    PeriodicReading(Supplier<T> source, Duration interval, T initial, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.source = source;
        this.intervalNanos = interval.toNanos();
        this.value = initial;
    }

    @Override
    public T get() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt > intervalNanos) {
            try {
                value = source.get();
            } catch (RuntimeException e) {
                // keep the last value
            }
            readAt = now;
            read = true;
        }
        return value;
    }
}
