package dev.aigate.setup;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * The home and registration pages may not be framed (clickjacking of the register button) nor cached
 * (they carry a state or an App id), and send no referrer to GitHub. The paths are regular expressions, compiled
 * once, for the reason {@link dev.aigate.web.WebPageHeaders} gives.
 */
@ServerFilter(patterns = {"/", "/setup(/.*)?"}, patternStyle = FilterPatternStyle.REGEX)
public class SetupPageHeaders {

    @ResponseFilter
    public void harden(MutableHttpResponse<?> response) {
        response.header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer");
    }
}
