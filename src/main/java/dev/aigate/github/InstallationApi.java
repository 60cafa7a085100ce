package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Reads and writes GitHub REST resources as JSON trees, as one installation, as the App itself (its JWT, for
 * {@code /app/...}) or with a fixed token (a command-line dry run, the Actions job's token): the one way the
 * project talks to GitHub. {@link GitHubClients} hands these out; it owns authentication.
 *
 * <p>Why not hub4j here: its pull-request commit type drops the commit's GitHub account and
 * signature verification, which provenance needs, and its lazy {@code populate()} issues hidden
 * {@code GET /users/{login}} calls (which 404 for the Copilot agent). Reading the documented JSON
 * directly keeps every request visible and countable. Requests go through the shared OkHttp
 * client: HTTP cache (304s), same-origin guard, call timeout, metrics, token renewal on 401; an error status
 * is a {@link GitHubCallException} with the start of its body.
 */
public final class InstallationApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A list read up to a cap; {@code truncated} when more items existed. {@code total} is the
     * {@code total_count} a wrapped list states on its first page, or -1 when it states none.
     */
    public record Page(List<JsonNode> items, boolean truncated, int total) {

        public Page(List<JsonNode> items, boolean truncated) {
            this(items, truncated, -1);
        }

        /** Whether some items were not read: the cap was reached, or the stated total exceeds what was listed. */
        public boolean incomplete() {
            return truncated || total > items.size();
        }
    }

    /**
     * At most this many requests of one installation await GitHub's answer at once, however many evaluations of
     * it run on this replica: GitHub asks integrators not to flood it with concurrent requests (its secondary rate
     * limits count them, and allow no more than 100 concurrent requests in all), and twelve keeps a whole round of
     * an evaluation's reads in flight together: seven for every pull request (files, commits, reviews, the policy,
     * the open pull requests on the head, the issue view and the organisation's signal catalogue) and up to five
     * the policy may add (checks, statuses, three CODEOWNERS candidates), or the organisation policy and
     * {@code .gitattributes} in their place. Six replicas stay under GitHub's 100.
     */
    public static final int MAX_CONCURRENT_REQUESTS = 12;

    private final OkHttpClient http;
    private final String apiUrl;
    private final okhttp3.HttpUrl apiBase;
    private final TokenSource token;
    /** The installation's request slots, shared by every InstallationApi of that installation. */
    private final Semaphore slots;

    @FunctionalInterface
    interface TokenSource {
        String authorization() throws IOException;
    }

    /** Reads with a fixed token (e.g. {@code GITHUB_TOKEN} for a command-line dry run). */
    public static InstallationApi withToken(GitHubClients clients, String token) {
        return clients.withToken(token);
    }

    InstallationApi(OkHttpClient http, String apiUrl, TokenSource token) {
        this(http, apiUrl, token, slots());
    }

    InstallationApi(OkHttpClient http, String apiUrl, TokenSource token, Semaphore slots) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.apiBase = Pagination.base(apiUrl);
        this.token = token;
        this.slots = slots;
    }

    /** A fresh set of {@link #MAX_CONCURRENT_REQUESTS} request slots, for one installation or one token. */
    static Semaphore slots() {
        return new Semaphore(MAX_CONCURRENT_REQUESTS, true);
    }

    /** The deadline of each call, connect to last byte, as the client this API sends through keeps it. */
    java.time.Duration callTimeout() {
        return java.time.Duration.ofMillis(http.callTimeoutMillis());
    }

    /** GETs a JSON resource. 404 and other errors throw {@link GitHubCallException}. */
    public JsonNode get(String path) throws IOException {
        try (Response response = call(apiUrl + path, "application/vnd.github+json")) {
            return JSON.readTree(body(response, path).byteStream());
        }
    }

    /**
     * GETs a file's raw text at a ref; empty when the file (or the repository) does not exist. The
     * repository and every segment of the path are encoded, so the request stays on that file.
     */
    public Optional<String> fileText(String repo, String path, String ref) throws IOException {
        StringBuilder contents = new StringBuilder("/repos/").append(repoPath(repo)).append("/contents");
        for (String segment : path.split("/", -1)) {
            contents.append('/').append(segment(segment));
        }
        String url = apiUrl + contents
                + (ref == null ? "" : "?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
        try (Response response = call(url, "application/vnd.github.raw+json")) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            return Optional.of(body(response, path).string());
        }
    }

    /**
     * One URL path segment from untrusted text (a login, a team slug, a file name, a SHA): every
     * character outside RFC 3986's unreserved set is percent-encoded, and a segment that is empty
     * or a dot segment ({@code .}, {@code ..}, which URL parsers resolve even when encoded) is refused.
     */
    public static String segment(String text) {
        if (text == null || text.isEmpty() || text.equals(".") || text.equals("..")) {
            throw new IllegalArgumentException("not a URL path segment: " + (text == null ? "null" : "'" + text + "'"));
        }
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** {@code owner/name} as two encoded segments. */
    public static String repoPath(String fullName) {
        int slash = fullName == null ? -1 : fullName.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not owner/name: " + fullName);
        }
        return segment(fullName.substring(0, slash)) + "/" + segment(fullName.substring(slash + 1));
    }

    /** GETs every page of a list, up to {@code max} items, following {@code Link: rel="next"} only within the API ({@link Pagination}). */
    public Page list(String path, int max) throws IOException {
        return list(path, max, null);
    }

    /**
     * Like {@link #list(String, int)} for responses that wrap the array in a field (check runs). When the first
     * page's {@code Link} names the last page by number, the pages up to the cap are read concurrently (each through
     * the same same-origin rule), then any page GitHub says follows them, one after another.
     */
    public Page list(String path, int max, String arrayField) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        String url = apiUrl + path + (path.contains("?") ? "&" : "?") + "per_page=100";
        ListPage first = listPage(url, path, arrayField);
        int total = first.total();
        List<ListPage> pages = new ArrayList<>(List.of(first));
        List<okhttp3.HttpUrl> rest = Pagination.numbered(first.next(), first.last(), apiBase,
                pagesWanted(max, first.items().size()));
        if (!rest.isEmpty()) {
            List<java.util.concurrent.CompletableFuture<ListPage>> reads = new ArrayList<>();
            for (okhttp3.HttpUrl page : rest) {
                reads.add(Reads.async(() -> listPage(page.toString(), path, arrayField)));
            }
            for (java.util.concurrent.CompletableFuture<ListPage> read : reads) {
                pages.add(Reads.join(read));
            }
        }
        for (ListPage page : pages) {
            for (JsonNode item : page.items()) {
                if (items.size() == max) {
                    return new Page(items, true, total);
                }
                items.add(item);
            }
        }
        // Below the cap still: whatever follows the last page read (a short page, or a list that grew) is read in turn.
        String next = pages.get(pages.size() - 1).nextUrl();
        while (next != null) {
            ListPage page = listPage(next, path, arrayField);
            for (JsonNode item : page.items()) {
                if (items.size() == max) {
                    return new Page(items, true, total);
                }
                items.add(item);
            }
            next = page.nextUrl();
        }
        return new Page(items, false, total);
    }

    /** Pages after the first that may hold items within the cap (one item more tells whether the list was cut). */
    private static int pagesWanted(int max, int perPage) {
        if (perPage <= 0) {
            return 0;
        }
        long more = Math.max(0, (long) max + 1 - perPage);
        return (int) Math.min(Integer.MAX_VALUE, (more + perPage - 1) / perPage);
    }

    /** One page of a list: its items, the total it states, and its {@code next} and {@code last} links. */
    private record ListPage(List<JsonNode> items, int total, okhttp3.HttpUrl next, okhttp3.HttpUrl last) {
        String nextUrl() {
            return next == null ? null : next.toString();
        }
    }

    private ListPage listPage(String url, String path, String arrayField) throws IOException {
        JsonNode page;
        okhttp3.HttpUrl next;
        okhttp3.HttpUrl last;
        try (Response response = call(url, "application/vnd.github+json")) {
            page = JSON.readTree(body(response, path).byteStream());
            next = Pagination.next(response.header("Link"), apiBase);
            last = Pagination.last(response.header("Link"), apiBase);
        }
        JsonNode array = arrayField == null ? page : page.path(arrayField);
        int total = arrayField != null && page.path("total_count").canConvertToInt() ? page.path("total_count").asInt() : -1;
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return new ListPage(items, total, next, last);
    }

    /** What a reader of {@link #pages} decides after each page. */
    @FunctionalInterface
    public interface PageReader {
        /** Takes one page's JSON; returns whether to read the next one. */
        boolean more(JsonNode page) throws IOException;
    }

    /**
     * GETs a list page by page for a reader that decides when it has enough (the delivery log, newest first, is
     * read only back to a point in time), up to {@code maxPages}. Each page is handed over before its
     * {@code Link: rel="next"} is followed, and only within the API ({@link Pagination}): a link out of it throws
     * {@link Pagination.ForeignLink} after the page that named it was read, so the caller may keep what it has.
     */
    public void pages(String path, int maxPages, PageReader reader) throws IOException {
        String url = firstPage(path);
        for (int n = 0; url != null && n < maxPages; n++) {
            RawPage read = page(url, path);
            if (!reader.more(read.body())) {
                return;
            }
            if (read.foreign() != null) {
                throw read.foreign();
            }
            url = read.next();
        }
    }

    /** One page read: its JSON, the next page's URL (null on the last) or the refusal of a link out of the API. */
    private record RawPage(JsonNode body, String next, Pagination.ForeignLink foreign) {
    }

    private String firstPage(String path) {
        return apiUrl + path + (path.contains("?") ? "&" : "?") + "per_page=100";
    }

    private RawPage page(String url, String path) throws IOException {
        try (Response response = call(url, "application/vnd.github+json")) {
            JsonNode body = JSON.readTree(body(response, path).byteStream());
            try {
                okhttp3.HttpUrl link = Pagination.next(response.header("Link"), apiBase);
                return new RawPage(body, link == null ? null : link.toString(), null);
            } catch (Pagination.ForeignLink e) {
                return new RawPage(body, null, e);
            }
        }
    }

    /** Sends a write (POST, DELETE, ...) with an optional JSON body; an error status throws {@link GitHubCallException}. */
    public void send(String method, String path, JsonNode body) throws IOException {
        try (Response ignored = write(method, path, body)) {
            // the answer's body is not needed
        }
    }

    /** Sends a write and reads the JSON GitHub answers with (a created check run's id, say). */
    public JsonNode exchange(String method, String path, JsonNode body) throws IOException {
        try (Response response = write(method, path, body)) {
            ResponseBody answer = response.body();
            return answer == null ? JSON.nullNode() : JSON.readTree(answer.byteStream());
        }
    }

    private Response write(String method, String path, JsonNode body) throws IOException {
        okhttp3.RequestBody payload = body == null ? (method.equals("DELETE") ? null : okhttp3.RequestBody.create(new byte[0]))
                : okhttp3.RequestBody.create(JSON.writeValueAsBytes(body), okhttp3.MediaType.get("application/json"));
        Request request = authorized(apiUrl + path, "application/vnd.github+json").method(method, payload).build();
        Response response = execute(request);
        if (!response.isSuccessful()) {
            try (response) {
                throw GitHubCallException.of(method + " " + path, response);
            }
        }
        return response;
    }

    private Response call(String url, String accept) throws IOException {
        // Always revalidate: an unchanged resource costs a free 304, a changed one is fresh.
        Request request = authorized(url, accept).header("Cache-Control", "max-age=0").build();
        return execute(request);
    }

    /** Sends a request in one of the installation's slots, held until GitHub's answer (its headers) arrives. */
    private Response execute(Request request) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a request slot");
        }
        try {
            return http.newCall(request).execute();
        } finally {
            slots.release();
        }
    }

    private Request.Builder authorized(String url, String accept) throws IOException {
        Request.Builder request = new Request.Builder().url(url)
                .header("Accept", accept)
                .header("X-GitHub-Api-Version", "2022-11-28");
        String authorization = token.authorization();
        return authorization == null ? request : request.header("Authorization", authorization); // null: anonymous
    }

    private static ResponseBody body(Response response, String what) throws GitHubCallException {
        if (!response.isSuccessful() || response.body() == null) {
            throw GitHubCallException.of("reading " + what, response);
        }
        return response.body();
    }
}
