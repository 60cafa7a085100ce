package dev.aigate.github;

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
        GitHubFailures.Deferral e = GitHubFailures.deferral("reading files",
                new GitHubCallException("reading files", 502, Map.of()), NOW);
        assertFalse(e.isRateLimit());
        assertTrue(e.message().contains("502"), e.message());
    }

    @Test
    void primaryRateLimitWaitsUntilReset() {
        Map<String, List<String>> headers = Map.of("x-ratelimit-remaining", List.of("0"),
                "x-ratelimit-reset", List.of("1795348800"));
        GitHubFailures.Deferral e = GitHubFailures.deferral("x", new GitHubCallException("x", 403, headers), NOW);
        assertEquals(Instant.ofEpochSecond(1795348800), e.notBefore());
    }

    @Test
    void secondaryRateLimitHonoursRetryAfter() {
        GitHubFailures.Deferral e = GitHubFailures.deferral("x",
                new GitHubCallException("x", 429, Map.of("Retry-After", List.of("42"))), NOW);
        assertEquals(Instant.parse("2026-11-22T10:00:42Z"), e.notBefore());
        GitHubFailures.Deferral noHeader = GitHubFailures.deferral("x", new GitHubCallException("x", 429, Map.of()), NOW);
        assertEquals(Instant.parse("2026-11-22T10:01:00Z"), noHeader.notBefore());
    }

    @Test
    void aPlainForbiddenIsNotARateLimit() {
        assertNull(GitHubFailures.deferral("x", new GitHubCallException("x", 403,
                Map.of("x-ratelimit-remaining", List.of("4000"))), NOW).notBefore());
    }

    /** A failure that has no response (here a timeout) has no status nor headers. */
    @Test
    void aFailureWithoutAResponseRetriesWithBackoff() {
        GitHubFailures.Deferral e = GitHubFailures.deferral("publishing", new java.io.InterruptedIOException("timeout"), NOW);
        assertFalse(e.isRateLimit());
        assertTrue(e.message().contains("timeout"), e.message());
    }

    /** GitHub's secondary limit may come as a 403 without Retry-After: only its message says what it is. */
    @Test
    void aSecondaryLimitAsA403WithoutRetryAfterWaitsAMinute() {
        String body = "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                + " again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}";
        GitHubFailures.Deferral e = GitHubFailures.deferral("x", new GitHubCallException("x", "GET", 403,
                Map.of("x-ratelimit-remaining", List.of("4000")), body), NOW);
        assertEquals(Instant.parse("2026-11-22T10:01:00Z"), e.notBefore());
        assertTrue(GitHubFailures.isTransient(new GitHubCallException("x", "GET", 403, Map.of(), body)));
        assertFalse(GitHubFailures.isTransient(new GitHubCallException("x", "GET", 403, Map.of(),
                "{\"message\":\"Resource not accessible by integration\"}")));
    }
}
