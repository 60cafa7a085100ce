package dev.aigate.github;

import dev.aigate.metrics.GateMetrics;
import dev.aigate.queue.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.aigate.github.WriteBudget.Priority.REFRESH;
import static dev.aigate.github.WriteBudget.Priority.VERDICT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-installation write budget, on a clock moved by hand. */
class WriteBudgetTest {

    static final Instant T0 = Instant.parse("2026-12-02T07:00:00Z");
    final MutableClock clock = new MutableClock(T0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    WriteBudget budget(int perMinute, int perHour, int reserve, int replicas) {
        return new WriteBudget(perMinute, perHour, Duration.ofMinutes(1), reserve, replicas, clock, new GateMetrics(registry));
    }

    @Test
    void aFullMinuteDefersTheNextWriteUntilTheOldestLeavesTheWindow() throws Exception {
        WriteBudget budget = budget(10, 100, 0, 1);
        budget.acquire(1, VERDICT, 4);
        clock.advance(Duration.ofSeconds(20));
        budget.acquire(1, VERDICT, 6);
        assertEquals(0, budget.remaining(1));
        WriteBudget.Exhausted e = assertThrows(WriteBudget.Exhausted.class, () -> budget.acquire(1, VERDICT, 1));
        assertEquals(T0.plusSeconds(60).plusMillis(1), e.notBefore(), "when the first four leave the minute");
        assertEquals(10, budget.remaining(2), "another installation has its own budget");

        clock.advance(Duration.ofSeconds(40).plusMillis(1));
        budget.acquire(1, VERDICT, 4);
        assertThrows(WriteBudget.Exhausted.class, () -> budget.acquire(1, VERDICT, 1));
        assertEquals(2.0, registry.get("aigate.github.write.deferrals").tag("priority", "verdict").counter().count());
    }

    @Test
    void theHourCapsWhatMinutesWouldAllow() throws Exception {
        WriteBudget budget = budget(10, 25, 0, 1);
        for (int minute = 0; minute < 2; minute++) {
            budget.acquire(7, VERDICT, 10);
            clock.advance(Duration.ofMinutes(1).plusMillis(1));
        }
        budget.acquire(7, VERDICT, 5);
        WriteBudget.Exhausted e = assertThrows(WriteBudget.Exhausted.class, () -> budget.acquire(7, VERDICT, 1));
        assertEquals(T0.plus(Duration.ofHours(1)).plusMillis(1), e.notBefore(), "the hour's first writes must leave it");
    }

    @Test
    void refreshesLeaveTheReserveToVerdicts() throws Exception {
        WriteBudget budget = budget(10, 100, 20, 1);
        budget.acquire(1, REFRESH, 8);
        assertFalse(budget.tryAcquire(1, REFRESH), "the last 20% are kept for verdicts");
        assertThrows(WriteBudget.Exhausted.class, () -> budget.acquire(1, REFRESH, 1));
        budget.acquire(1, VERDICT, 2);
        assertThrows(WriteBudget.Exhausted.class, () -> budget.acquire(1, VERDICT, 1));
        assertEquals(1.0, registry.get("aigate.github.write.deferrals").tag("priority", "refresh").counter().count());
    }

    @Test
    void replicasShareTheLimitsAndTheGaugeShowsTheMostConstrainedInstallation() throws Exception {
        WriteBudget budget = budget(80, 500, 0, 2);
        assertEquals(40.0, registry.get("aigate.github.write.budget.limit").tag("window", "minute").gauge().value());
        assertEquals(250.0, registry.get("aigate.github.write.budget.limit").tag("window", "hour").gauge().value());
        budget.acquire(1, VERDICT, 30);
        budget.acquire(2, VERDICT, 5);
        assertEquals(10.0, registry.get("aigate.github.write.budget.remaining").gauge().value());
        assertTrue(budget.tryAcquire(1, VERDICT));
        assertEquals(9.0, registry.get("aigate.github.write.budget.remaining").gauge().value());
    }

    @Test
    void moreWritesThanAWindowHoldsFitOnceItIsEmpty() throws Exception {
        WriteBudget budget = budget(5, 100, 0, 1);
        budget.acquire(1, VERDICT, 1);
        assertThrows(WriteBudget.Exhausted.class, () -> budget.acquire(1, VERDICT, 12));
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        budget.acquire(1, VERDICT, 12);
        assertEquals(0, budget.remaining(1));
    }
}
