package dev.aigate.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeriodicReadingTest {

    @Test
    void readsOncePerIntervalHoweverOftenAsked() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        PeriodicReading<Integer> reading = new PeriodicReading<>(reads::incrementAndGet, Duration.ofMillis(200), 0);
        assertEquals(1, reading.get());
        assertEquals(1, reading.get(), "within the interval the last value is served");
        assertEquals(1, reads.get());
        Thread.sleep(250);
        assertEquals(2, reading.get(), "after the interval it reads again");
    }

    @Test
    void aFailedReadKeepsTheLastValue() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        PeriodicReading<String> reading = new PeriodicReading<>(() -> {
            if (reads.incrementAndGet() > 1) {
                throw new IllegalStateException("store down");
            }
            return "first";
        }, Duration.ofMillis(1), "initial");
        assertEquals("first", reading.get());
        Thread.sleep(5);
        assertEquals("first", reading.get());
        assertEquals(2, reads.get());
    }

    @Test
    void theInitialValueStandsUntilAReadSucceeds() {
        PeriodicReading<String> reading = new PeriodicReading<>(() -> {
            throw new IllegalStateException("store down");
        }, Duration.ofSeconds(5), "initial");
        assertEquals("initial", reading.get());
    }
}
