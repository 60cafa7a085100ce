package dev.aigate.github;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a failed GitHub call into a {@link Deferral}: retry with backoff (5xx, timeouts), or wait until the
 * time GitHub named (primary and secondary rate limits, {@code Retry-After}). The adapter says when to try
 * again; whoever schedules the work (the queue worker) turns that into its own retry.
 */
public final class GitHubFailures {

    private GitHubFailures() {
    }

    /**
     * When to try a failed call again.
     *
     * @param message   what failed and how, for the log and the parked job
     * @param notBefore the time GitHub named (a rate limit), or null for the caller's own backoff
     */
    public record Deferral(String message, Instant notBefore) {

        public boolean isRateLimit() {
            return notBefore != null;
        }
    }

    public static Deferral deferral(String what, IOException e) {
        return deferral(what, e, Clock.systemUTC());
    }

    static Deferral deferral(String what, IOException e, Clock clock) {
        if (e instanceof WriteBudget.Exhausted budget) {
            // Not a failure: the write waits for its installation's budget (docs/operations.md, Write budget).
            return new Deferral(what + " deferred: " + budget.getMessage(), budget.notBefore());
        }
        int status = status(e);
        Instant notBefore = rateLimitedUntil(status, headers(e), body(e), clock);
        String message = what + " failed: " + (status > 0 ? "GitHub answered " + status : e.getMessage());
        if (notBefore != null) {
            message += "; rate limited until " + notBefore;
        }
        return new Deferral(message, notBefore);
    }

    /** Whether a failure may pass with time: a network failure or timeout, a 5xx, or a rate limit. */
    public static boolean isTransient(IOException e) {
        int status = status(e);
        return status == 0 || status >= 500 || rateLimitedUntil(status, headers(e), body(e), Clock.systemUTC()) != null;
    }

    /** The HTTP status behind an exception, or 0 for a network failure. */
    public static int status(IOException e) {
        return e instanceof GitHubCallException g ? g.status() : 0;
    }

    private static String body(IOException e) {
        return e instanceof GitHubCallException g ? g.body() : "";
    }

    private static Map<String, List<String>> headers(IOException e) {
        Map<String, List<String>> raw = e instanceof GitHubCallException g ? g.headers() : null;
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

    /**
     * When GitHub said to wait: {@code Retry-After}, an exhausted primary limit's reset time, or a minute for a
     * secondary limit that names no time (a 429, or a 403 whose message says so).
     */
    static Instant rateLimitedUntil(int status, Map<String, List<String>> headers, String body, Clock clock) {
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
        if (status == 429 || isSecondaryLimit(body)) {
            // A secondary limit without Retry-After: GitHub's guidance is to wait at least a minute.
            return clock.instant().plusSeconds(60);
        }
        return null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * GitHub answers a secondary (abuse) limit with 403, and without {@code Retry-After} when it names no time;
     * only the message tells it from a refused permission ("You have exceeded a secondary rate limit ...").
     */
    static boolean isSecondaryLimit(String body) {
        if (body == null || body.isEmpty()) {
            return false;
        }
        String text = body.toLowerCase(Locale.ROOT);
        return text.contains("secondary rate limit") || text.contains("abuse detection");
    }
}
