package dev.aigate.github;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A GitHub call outside hub4j that answered with an error status. Carries the headers for rate limits. */
public class GitHubCallException extends IOException {

    private final int status;
    private final transient Map<String, List<String>> headers;

    public GitHubCallException(String what, int status, Map<String, List<String>> headers) {
        super("GitHub answered " + status + " when " + what);
        this.status = status;
        this.headers = headers == null ? Map.of() : headers;
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }
}
