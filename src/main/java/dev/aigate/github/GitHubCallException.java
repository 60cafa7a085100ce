package dev.aigate.github;

import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A GitHub call that answered with an error status. Carries the method (a refused write names another
 * permission than a refused read), the headers (rate limits) and the start of the body: a secondary rate limit
 * may come as a plain 403 whose only sign is its message.
 */
public class GitHubCallException extends IOException {

    /** At most this much of an error body is kept: GitHub's error documents are short, a proxy's page need not be. */
    static final int MAX_BODY = 2_000;

    private final int status;
    private final String method;
    private final transient Map<String, List<String>> headers;
    private final String body;

    public GitHubCallException(String what, int status, Map<String, List<String>> headers) {
        this(what, "GET", status, headers, "");
    }

    public GitHubCallException(String what, String method, int status, Map<String, List<String>> headers, String body) {
        super("GitHub answered " + status + " when " + what);
        this.status = status;
        this.method = method == null ? "GET" : method;
        this.headers = headers == null ? Map.of() : headers;
        this.body = body == null ? "" : body;
    }

    /** The exception for an unsuccessful response, with the start of its body. The caller closes the response. */
    static GitHubCallException of(String what, Response response) {
        return new GitHubCallException(what, response.request().method(), response.code(),
                response.headers().toMultimap(), bodyStart(response));
    }

    private static String bodyStart(Response response) {
        ResponseBody body = response.body();
        if (body == null) {
            return "";
        }
        try {
            okio.BufferedSource peek = body.source().peek();
            peek.request(MAX_BODY);
            return peek.readString(Math.min(peek.getBuffer().size(), MAX_BODY), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return ""; // a body that cannot be read still leaves the status and headers to go by
        }
    }

    public int status() {
        return status;
    }

    /** The HTTP method of the failed call ({@code GET} for reads). */
    public String method() {
        return method;
    }

    /** Whether the failed call was a write (POST, PATCH, PUT, DELETE). */
    public boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The start of the error body (at most {@value #MAX_BODY} bytes), empty when there was none. */
    public String body() {
        return body;
    }
}
