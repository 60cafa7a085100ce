package dev.aigate.queue;

import java.time.Instant;

/** A job that ran out of attempts. It stays until retried, or until a new event for its key revives it. */
public record ParkedJob(WorkTarget target, int attempts, String lastError, Instant parkedAt) {
}
