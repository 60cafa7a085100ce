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

    /** {@code rel=last}, as GitHub names the last page of a list paged by number. */
    private static final Pattern LAST = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?last\"?");

    private Pagination() {
    }

    /**
     * The last page's URL when the header names one on the API's own origin, else null (never followed as such: it
     * only says how many pages there are, see {@link #numbered}).
     */
    public static HttpUrl last(String linkHeader, HttpUrl apiBase) {
        if (linkHeader == null) {
            return null;
        }
        Matcher m = LAST.matcher(linkHeader);
        if (!m.find()) {
            return null;
        }
        HttpUrl last = HttpUrl.parse(m.group(1));
        return last != null && sameOrigin(last, apiBase) ? last : null;
    }

    /**
     * The pages from {@code next} on, at most {@code wanted} of them and none past {@code last}, when both links
     * page by number and differ only in it (as GitHub's do: {@code ?per_page=100&page=2} ... {@code page=7}), so
     * they can be read at once. Empty otherwise (a cursor, or links that do not agree): the caller follows
     * {@code next} one page at a time.
     */
    public static java.util.List<HttpUrl> numbered(HttpUrl next, HttpUrl last, HttpUrl apiBase, int wanted) {
        int from = pageNumber(next);
        int to = pageNumber(last);
        if (wanted <= 0 || from < 1 || to < from || !sameOrigin(next, apiBase) || !sameOrigin(last, apiBase)
                || !next.newBuilder().removeAllQueryParameters("page").build()
                        .equals(last.newBuilder().removeAllQueryParameters("page").build())) {
            return java.util.List.of();
        }
        java.util.List<HttpUrl> pages = new java.util.ArrayList<>();
        for (long page = from; page <= to && pages.size() < wanted; page++) {
            pages.add(next.newBuilder().setQueryParameter("page", Long.toString(page)).build());
        }
        return pages;
    }

    /** The {@code page} number of a URL, or -1 when it has none (or it is not a number). */
    static int pageNumber(HttpUrl url) {
        String page = url == null ? null : url.queryParameter("page");
        if (page == null || page.isEmpty() || page.length() > 9 || !page.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(page);
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
