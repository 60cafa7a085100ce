package dev.aigate.github;

import okhttp3.HttpUrl;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's {@code Link: <url>; rel="next"} cursor, and the one rule for following it: the next page must be
 * on the API's own origin (scheme, host and port of {@code AIGATE_GITHUB_API_URL}) and under its path
 * ({@code /api/v3} on GitHub Enterprise Server, whose web UI shares the host). A forged or foreign link would
 * carry the installation token or the App's JWT elsewhere, so it is never followed: {@link #next} refuses it
 * with a {@link ForeignLink}, and each caller decides whether that ends its work (a read) or only the paging
 * (the delivery sweep keeps the pages it has).
 */
public final class Pagination {

    /** {@code rel=next}, quoted or not, among any other relations of the header, in any order. */
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    /** A next-page link that leaves the API. */
    public static final class ForeignLink extends IOException {
        ForeignLink(String message) {
            super(message);
        }
    }

    private Pagination() {
    }

    /** The next page's URL, or null on the last page (or when the header names none). */
    public static HttpUrl next(String linkHeader, HttpUrl apiBase) throws ForeignLink {
        if (linkHeader == null) {
            return null;
        }
        Matcher m = NEXT.matcher(linkHeader);
        if (!m.find()) {
            return null;
        }
        HttpUrl next = HttpUrl.parse(m.group(1));
        if (next == null || !sameOrigin(next, apiBase)) {
            String shown = next == null ? m.group(1)
                    : next.scheme() + "://" + next.host() + ":" + next.port() + next.encodedPath();
            throw new ForeignLink("refusing a request to " + shown + ": GitHub's pagination pointed outside "
                    + apiBase.scheme() + "://" + apiBase.host() + ":" + apiBase.port() + apiBase.encodedPath()
                    + " (AIGATE_GITHUB_API_URL); stopped");
        }
        return next;
    }

    /** The API base as OkHttp's URL, always ending in a slash, so that its path is a prefix test. */
    public static HttpUrl base(String apiUrl) {
        HttpUrl url = HttpUrl.parse(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        if (url == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + apiUrl);
        }
        return url;
    }

    /** Whether a URL is on the API's scheme, host and port, and under its path. */
    public static boolean sameOrigin(HttpUrl url, HttpUrl apiBase) {
        return url.scheme().equals(apiBase.scheme()) && url.host().equalsIgnoreCase(apiBase.host())
                && url.port() == apiBase.port() && url.encodedPath().startsWith(apiBase.encodedPath());
    }
}
