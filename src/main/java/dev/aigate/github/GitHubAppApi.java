package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;

/**
 * The few App-level REST calls the operator commands make, authenticated with the App JWT, for commands that
 * run without a server (no HTTP cache, no metrics): answers come back with their status for the command to
 * explain, and pages follow {@link Pagination}'s one rule.
 */
public final class GitHubAppApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private final String apiUrl;
    private final HttpUrl apiBase;
    private final AppCredentials credentials;

    public GitHubAppApi(String apiUrl, AppCredentials credentials) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.apiBase = Pagination.base(this.apiUrl);
        this.credentials = credentials;
    }

    public String url(String path) {
        return apiUrl + path;
    }

    /** One page: the body and the next page's URL (null on the last page). */
    public record Page(int status, JsonNode body, String next) {
    }

    public Page get(String url) throws IOException {
        try (Response response = http.newCall(request(url).get().build()).execute()) {
            // A Link to another origin would carry the App JWT there: Pagination refuses it.
            HttpUrl next = Pagination.next(response.header("Link"), apiBase);
            return new Page(response.code(), parse(response.body()), next == null ? null : next.toString());
        }
    }

    public int post(String url) throws IOException {
        RequestBody empty = RequestBody.create(new byte[0], MediaType.get("application/json"));
        try (Response response = http.newCall(request(url).post(empty).build()).execute()) {
            return response.code();
        }
    }

    private Request.Builder request(String url) throws IOException {
        return new Request.Builder().url(url)
                .header("Authorization", AppJwt.authorization(credentials))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "ai-gate-cli");
    }

    private static JsonNode parse(ResponseBody body) throws IOException {
        String text = body == null ? "" : body.string();
        if (text.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }
}
