package dev.aigate.setup;

import io.micronaut.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Wrong setup codes are logged, but at most once a minute with a count, so a flood of guesses cannot flood the
 * log. Nothing is locked: a 100-bit code cannot be guessed, and the operator's correct code always works.
 */
final class WrongCodes {

    private static final Logger LOG = LoggerFactory.getLogger(SetupController.class);
    private static final long EVERY = Duration.ofMinutes(1).toNanos();

    private long count;
    private long lastLog = System.nanoTime() - EVERY;

    synchronized void record(HttpRequest<?> request) {
        count++;
        long now = System.nanoTime();
        if (now - lastLog >= EVERY) {
            String from = request.getRemoteAddress().getAddress() == null ? "?"
                    : request.getRemoteAddress().getAddress().getHostAddress();
            LOG.warn("A registration was refused: wrong setup code ({} since the last report, the latest from {})",
                    count, from);
            count = 0;
            lastLog = now;
        }
    }
}
