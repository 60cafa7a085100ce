package dev.aigate.web;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The details and sign-in pages carry private repository data and session cookies: they may not be framed, cached,
 * or run any script (the pages have none), and send no referrer to another site (the path names a private
 * repository). Same-origin, so that the sign-out form's POST carries the real Origin rather than "null" (which
 * Micronaut's cross-origin check refuses).
 */
@ServerFilter({"/pulls/**", "/auth/**"})
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
