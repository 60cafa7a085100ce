package dev.aigate.recovery;

import java.time.Duration;

/**
 * @param interval        time between sweeps (also the least time before one GUID is redelivered again)
 * @param lookback        how far back a sweep looks when the previous one succeeded recently
 * @param maxRedeliveries redeliveries asked for one GUID before the sweep gives up on it
 */
public record RecoverySettings(Duration interval, Duration lookback, int maxRedeliveries) {

    /** GitHub lets a delivery be redelivered for three days; looking further back is pointless. */
    public static final Duration GITHUB_REDELIVERY_LIMIT = Duration.ofDays(3);

    public static RecoverySettings defaults() {
        return new RecoverySettings(Duration.ofMinutes(5), Duration.ofHours(6), 3);
    }
}
