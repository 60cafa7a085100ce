package dev.aigate.web;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The details and sign-in pages carry private repository data and session cookies: they may not be framed, cached,
 * or run any script (the pages have none), and send no referrer (the path names a private repository).
 */
@ServerFilter({"/pulls/**", "/auth/**"})
public class WebPageHeaders {

    @ResponseFilter
    public void harden(MutableHttpResponse<?> response) {
        response.header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff");
    }
}
