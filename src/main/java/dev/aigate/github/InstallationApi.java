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

    private final OkHttpClient http;
    private final String apiUrl;
    private final okhttp3.HttpUrl apiBase;
    private final TokenSource token;

    @FunctionalInterface
    interface TokenSource {
        String authorization() throws IOException;
    }

    /** Reads with a fixed token (e.g. {@code GITHUB_TOKEN} for a command-line dry run). */
    public static InstallationApi withToken(GitHubClients clients, String token) {
        return clients.withToken(token);
    }

    InstallationApi(OkHttpClient http, String apiUrl, TokenSource token) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.apiBase = Pagination.base(apiUrl);
        this.token = token;
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

    /** Like {@link #list(String, int)} for responses that wrap the array in a field (check runs). */
    public Page list(String path, int max, String arrayField) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        String url = firstPage(path);
        int total = -1;
        while (url != null) {
            ListPage read = page(url, path);
            if (read.foreign() != null) {
                throw read.foreign(); // a list read in part is no list: the read fails
            }
            JsonNode page = read.body();
            String next = read.next();
            JsonNode array = arrayField == null ? page : page.path(arrayField);
            if (arrayField != null && total < 0 && page.path("total_count").canConvertToInt()) {
                total = page.path("total_count").asInt();
            }
            for (JsonNode item : array) {
                if (items.size() == max) {
                    return new Page(items, true, total);
                }
                items.add(item);
            }
            url = next;
        }
        return new Page(items, false, total);
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
            ListPage read = page(url, path);
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
    private record ListPage(JsonNode body, String next, Pagination.ForeignLink foreign) {
    }

    private String firstPage(String path) {
        return apiUrl + path + (path.contains("?") ? "&" : "?") + "per_page=100";
    }

    private ListPage page(String url, String path) throws IOException {
        try (Response response = call(url, "application/vnd.github+json")) {
            JsonNode body = JSON.readTree(body(response, path).byteStream());
            try {
                okhttp3.HttpUrl link = Pagination.next(response.header("Link"), apiBase);
                return new ListPage(body, link == null ? null : link.toString(), null);
            } catch (Pagination.ForeignLink e) {
                return new ListPage(body, null, e);
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
        Response response = http.newCall(request).execute();
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
        return http.newCall(request).execute();
    }

    private Request.Builder authorized(String url, String accept) throws IOException {
        return new Request.Builder().url(url)
                .header("Authorization", token.authorization())
                .header("Accept", accept)
                .header("X-GitHub-Api-Version", "2022-11-28");
    }

    private static ResponseBody body(Response response, String what) throws GitHubCallException {
        if (!response.isSuccessful() || response.body() == null) {
            throw GitHubCallException.of("reading " + what, response);
        }
        return response.body();
    }
}
