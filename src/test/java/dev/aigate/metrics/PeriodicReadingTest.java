package dev.aigate.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The interval is measured on a time source the test moves, so nothing here depends on the machine's speed. */
class PeriodicReadingTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void readsOncePerIntervalHoweverOftenAsked() {
        AtomicInteger reads = new AtomicInteger();
        PeriodicReading<Integer> reading = new PeriodicReading<>(reads::incrementAndGet, Duration.ofMillis(200), 0, nanos::get);
        assertEquals(1, reading.get());
        advance(Duration.ofMillis(200));
        assertEquals(1, reading.get(), "within the interval the last value is served");
        assertEquals(1, reads.get());
        advance(Duration.ofNanos(1));
        assertEquals(2, reading.get(), "after the interval it reads again");
        assertEquals(2, reading.get());
        assertEquals(2, reads.get());
    }

    @Test
    void aFailedReadKeepsTheLastValue() {
        AtomicInteger reads = new AtomicInteger();
        PeriodicReading<String> reading = new PeriodicReading<>(() -> {
            if (reads.incrementAndGet() > 1) {
                throw new IllegalStateException("store down");
            }
            return "first";
        }, Duration.ofMillis(1), "initial", nanos::get);
        assertEquals("first", reading.get());
        advance(Duration.ofMillis(2));
        assertEquals("first", reading.get());
        assertEquals(2, reads.get());
        assertEquals("first", reading.get(), "a failed read also waits out the interval");
        assertEquals(2, reads.get());
    }

    @Test
    void theInitialValueStandsUntilAReadSucceeds() {
        PeriodicReading<String> reading = new PeriodicReading<>(() -> {
            throw new IllegalStateException("store down");
        }, Duration.ofSeconds(5), "initial", nanos::get);
        assertEquals("initial", reading.get());
    }
}
