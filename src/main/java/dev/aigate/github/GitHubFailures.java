package dev.aigate.github;

import dev.aigate.queue.RetryLaterException;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.HttpException;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a failed GitHub call into what the queue should do: retry with backoff (5xx, timeouts),
 * or wait until the time GitHub named (primary and secondary rate limits, {@code Retry-After}).
 */
public final class GitHubFailures {

    private GitHubFailures() {
    }

    public static RetryLaterException retryLater(String what, IOException e) {
        return retryLater(what, e, Clock.systemUTC());
    }

    static RetryLaterException retryLater(String what, IOException e, Clock clock) {
        int status = status(e);
        Map<String, List<String>> headers = headers(e);
        Instant notBefore = rateLimitedUntil(status, headers, clock);
        String message = what + " failed: " + (status > 0 ? "GitHub answered " + status : e.getMessage());
        if (notBefore != null) {
            message += "; rate limited until " + notBefore;
        }
        return new RetryLaterException(message, notBefore, e);
    }

    /** Whether a failure may pass with time: a network failure or timeout, a 5xx, or a rate limit. */
    public static boolean isTransient(IOException e) {
        int status = status(e);
        return status == 0 || status >= 500 || rateLimitedUntil(status, headers(e), Clock.systemUTC()) != null;
    }

    /** The HTTP status behind an exception, or 0 for a network failure. */
    public static int status(IOException e) {
        if (e instanceof HttpException h) {
            return h.getResponseCode();
        }
        if (e instanceof GitHubCallException g) {
            return g.status();
        }
        return 0;
    }

    private static Map<String, List<String>> headers(IOException e) {
        Map<String, List<String>> raw = null;
        if (e instanceof GitHubCallException g) {
            raw = g.headers();
        } else if (e instanceof GHIOException g) {
            try {
                raw = g.getResponseHeaderFields();
            } catch (NullPointerException noResponse) {
                // hub4j wraps a failure without a response (a timeout, a reset) with no headers, and then
                // throws here instead of answering an empty map.
                raw = null;
            }
        }
        Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (raw != null) {
            raw.forEach((k, v) -> {
                if (k != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** When GitHub said to wait: {@code Retry-After}, or an exhausted primary limit's reset time. */
    static Instant rateLimitedUntil(int status, Map<String, List<String>> headers, Clock clock) {
        if (status != 403 && status != 429) {
            return null;
        }
        String retryAfter = first(headers, "Retry-After");
        if (retryAfter != null && retryAfter.strip().chars().allMatch(Character::isDigit)) {
            return clock.instant().plusSeconds(Long.parseLong(retryAfter.strip()));
        }
        if ("0".equals(first(headers, "X-RateLimit-Remaining"))) {
            String reset = first(headers, "X-RateLimit-Reset");
            if (reset != null && reset.strip().chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(reset.strip()));
            }
            return clock.instant().plusSeconds(60);
        }
        if (status == 429) {
            // A secondary limit without Retry-After: GitHub's guidance is to wait at least a minute.
            return clock.instant().plusSeconds(60);
        }
        return null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
