package dev.aigate.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

/**
 * How tests wait: poll a condition (Awaitility) until it holds. The deadline only turns a hang into a failure with
 * a name; it is generous so that a slow or busy machine never fails a test, and no test asserts how long anything
 * took. Absence ("nothing else happened") is proven by observing the system idle, never by sleeping.
 */
public final class Eventually {

    /** Long enough for a loaded 2-core machine; a condition that holds returns at once. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(10);

    private Eventually() {
    }

    /** Waits for {@code what}: {@code eventually("the job runs").until(() -> ...)}. */
    public static ConditionFactory eventually(String what) {
        return Awaitility.await(what).atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(POLL);
    }
}
