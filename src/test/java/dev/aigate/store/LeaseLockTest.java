package dev.aigate.store;

import dev.aigate.queue.MutableClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseLockTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void oneHolderAtATimeUntilReleaseOrExpiry(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            LeaseLock a = new LeaseLock(db.dataSource(), clock);
            LeaseLock b = new LeaseLock(db.pool(), clock);
            assertTrue(a.tryAcquire("sweep", "a", Duration.ofMinutes(1)));
            assertFalse(b.tryAcquire("sweep", "b", Duration.ofMinutes(1)));
            assertTrue(a.tryAcquire("sweep", "a", Duration.ofMinutes(1)), "the holder renews");
            assertTrue(b.tryAcquire("other", "b", Duration.ofMinutes(1)), "names are independent");
            clock.advance(Duration.ofSeconds(61));
            assertTrue(b.tryAcquire("sweep", "b", Duration.ofMinutes(1)), "an expired lease passes on");
            assertFalse(a.tryAcquire("sweep", "a", Duration.ofMinutes(1)));
            assertEquals(0, a.lastSuccess("sweep"));
            b.release("sweep", "b", true);
            assertEquals(clock.millis(), a.lastSuccess("sweep"));
            assertTrue(a.tryAcquire("sweep", "a", Duration.ofMinutes(1)), "released leases are free at once");
        }
    }
}
