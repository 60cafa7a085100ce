package dev.aigate.github;

import dev.aigate.queue.RetryLaterException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitHubFailuresTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void serverErrorsRetryWithBackoff() {
        RetryLaterException e = GitHubFailures.retryLater("reading files",
                new GitHubCallException("reading files", 502, Map.of()), NOW);
        assertFalse(e.isRateLimit());
        assertTrue(e.getMessage().contains("502"), e.getMessage());
    }

    @Test
    void primaryRateLimitWaitsUntilReset() {
        Map<String, List<String>> headers = Map.of("x-ratelimit-remaining", List.of("0"),
                "x-ratelimit-reset", List.of("1795348800"));
        RetryLaterException e = GitHubFailures.retryLater("x", new GitHubCallException("x", 403, headers), NOW);
        assertEquals(Instant.ofEpochSecond(1795348800), e.notBefore());
    }

    @Test
    void secondaryRateLimitHonoursRetryAfter() {
        RetryLaterException e = GitHubFailures.retryLater("x",
                new GitHubCallException("x", 429, Map.of("Retry-After", List.of("42"))), NOW);
        assertEquals(Instant.parse("2026-11-22T10:00:42Z"), e.notBefore());
        RetryLaterException noHeader = GitHubFailures.retryLater("x", new GitHubCallException("x", 429, Map.of()), NOW);
        assertEquals(Instant.parse("2026-11-22T10:01:00Z"), noHeader.notBefore());
    }

    @Test
    void aPlainForbiddenIsNotARateLimit() {
        assertNull(GitHubFailures.retryLater("x", new GitHubCallException("x", 403,
                Map.of("x-ratelimit-remaining", List.of("4000"))), NOW).notBefore());
    }

    /** hub4j wraps a failure that has no response (here a timeout) in an exception without headers. */
    @Test
    void aHub4jFailureWithoutAResponseRetriesWithBackoff() {
        var timeout = new java.io.InterruptedIOException("timeout");
        RetryLaterException e = GitHubFailures.retryLater("publishing",
                new org.kohsuke.github.HttpException("timeout", -1, null, "https://api.github.com/x", timeout), NOW);
        assertFalse(e.isRateLimit());
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    }
}
