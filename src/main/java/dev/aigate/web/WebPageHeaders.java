package dev.aigate.web;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * The details and sign-in pages carry private repository data and session cookies: they may not be framed, cached,
 * or run any script (the pages have none), and send no referrer to another site (the path names a private
 * repository). Same-origin, so that the sign-out form's POST carries the real Origin rather than "null" (which
 * Micronaut's cross-origin check refuses).
 *
 * <p>The paths are regular expressions, compiled once: Micronaut matches every filter's patterns against every
 * request, the webhook firehose included, and its Ant-style matcher split pattern and path into new strings each
 * time (17 % of the server's allocation at 3,700 deliveries/s, docs/performance.md).
 */
@ServerFilter(patterns = {"/pulls(/.*)?", "/auth(/.*)?"}, patternStyle = FilterPatternStyle.REGEX)
public class WebPageHeaders {

    @ResponseFilter
    public void harden(MutableHttpResponse<?> response) {
        response.header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "same-origin")
                .header("X-Content-Type-Options", "nosniff");
    }
}
