package dev.aigate.queue;

import java.time.Instant;

/**
 * Work could not finish now but may later: a GitHub 5xx, a timeout, or a rate limit.
 *
 * @see #notBefore() the earliest time to try again; null to use the queue's backoff
 */
public class RetryLaterException extends Exception {

    private final transient Instant notBefore;

    public RetryLaterException(String message, Instant notBefore, Throwable cause) {
        super(message, cause);
        this.notBefore = notBefore;
    }

    public Instant notBefore() {
        return notBefore;
    }

    /** True when GitHub asked us to wait (rate limit), rather than failing. */
    public boolean isRateLimit() {
        return notBefore != null;
    }
}
