package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The few GitHub calls made with a signed-in user's own token (a GitHub App user access token), for "Sign in with
 * GitHub" on the details page: trade the authorization code for a token, ask who the user is, whether they can
 * read a repository and whether they belong to an organisation. What the user may see is exactly what GitHub
 * says with their token; nothing here uses the App's installation tokens.
 *
 * <p>It has its own OkHttp client, without the App's shared HTTP cache (a user's answers must never be served to
 * another user) and without redirects (the token must not follow a redirect elsewhere). The token endpoint is on
 * GitHub's web host ({@code AIGATE_GITHUB_WEB_URL}), the rest on the API ({@code AIGATE_GITHUB_API_URL}).
 */
public class UserApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpUrl webUrl;
    private final HttpUrl apiUrl;
    private final OkHttpClient http;

    /** Who signed in. */
    public record User(long id, String login) {
    }

    /** GitHub's answer was not one this class understands, or it refused the code. The message is for the log. */
    public static class UserApiException extends IOException {
        public UserApiException(String message) {
            super(message);
        }
    }

    /** GitHub answered 401: the user's token expired or was revoked; they must sign in again. */
    public static class TokenRejectedException extends UserApiException {
        public TokenRejectedException(String message) {
            super(message);
        }
    }

    public UserApi(String webUrl, String apiUrl, Duration callTimeout) {
        this(webUrl, apiUrl, new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .callTimeout(callTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .build());
    }

    public UserApi(String webUrl, String apiUrl, OkHttpClient http) {
        this.webUrl = HttpUrl.get(slash(webUrl));
        this.apiUrl = HttpUrl.get(slash(apiUrl));
        this.http = Objects.requireNonNull(http, "http");
    }

    /** The page on GitHub where the user authorizes the App ({@code /login/oauth/authorize}). */
    public String authorizeUrl(String clientId, String redirectUri, String state) {
        HttpUrl.Builder url = webUrl.newBuilder().addPathSegments("login/oauth/authorize")
                .addQueryParameter("client_id", clientId)
                .addQueryParameter("state", state);
        if (redirectUri != null && !redirectUri.isEmpty()) {
            url.addQueryParameter("redirect_uri", redirectUri);
        }
        return url.build().toString();
    }

    /** Trades the code GitHub sent back for the user's access token ({@code POST /login/oauth/access_token}). */
    public String accessToken(String clientId, String clientSecret, String code, String redirectUri) throws IOException {
        FormBody.Builder form = new FormBody.Builder()
                .add("client_id", clientId)
                .add("client_secret", clientSecret)
                .add("code", code);
        if (redirectUri != null && !redirectUri.isEmpty()) {
            form.add("redirect_uri", redirectUri);
        }
        Request request = new Request.Builder()
                .url(webUrl.newBuilder().addPathSegments("login/oauth/access_token").build())
                .header("Accept", "application/json")
                .post(form.build())
                .build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode body = json(response);
            String token = body.path("access_token").asText("");
            if (!response.isSuccessful() || token.isEmpty()) {
                // GitHub answers 200 with {"error": "bad_verification_code", ...} for a used or wrong code.
                throw new UserApiException("GitHub gave no user token (HTTP " + response.code() + ", error "
                        + printable(body.path("error").asText("none")) + ")");
            }
            return token;
        }
    }

    /** The signed-in user ({@code GET /user}). */
    public User user(String token) throws IOException {
        try (Response response = get(token, "user")) {
            if (!response.isSuccessful()) {
                throw new UserApiException("GET /user answered HTTP " + response.code());
            }
            JsonNode body = json(response);
            String login = body.path("login").asText("");
            long id = body.path("id").asLong(0);
            if (login.isEmpty() || id <= 0) {
                throw new UserApiException("GET /user answered without a login and id");
            }
            return new User(id, login);
        }
    }

    /**
     * Whether the user can read {@code owner/repo} ({@code GET /repos/{owner}/{repo}} with their token): true on
     * 200, false on 404 or 403 (GitHub answers 404 for a private repository the user cannot see).
     *
     * @throws IOException when GitHub could not say (another status, or no answer)
     */
    public boolean canRead(String token, String owner, String repo) throws IOException {
        try (Response response = get(token, "repos", owner, repo)) {
            return answer(response, "GET /repos/{owner}/{repo}");
        }
    }

    /**
     * Whether the user is an active member of organisation {@code org}: {@code GET /user/memberships/orgs/{org}}
     * with their token answers 200 with {@code "state": "active"} for a member, 404 (or 403) otherwise. This
     * endpoint works with a GitHub App user access token when the App holds the organisation permission
     * {@code members: read} (ai-gate's manifest asks for it); {@code GET /orgs/{org}/members/{user}} would need the
     * same and answers 302 to non-members, so it is not used.
     */
    public boolean isMember(String token, String org) throws IOException {
        try (Response response = get(token, "user", "memberships", "orgs", org)) {
            if (!answer(response, "GET /user/memberships/orgs/{org}")) {
                return false;
            }
            return "active".equals(json(response).path("state").asText(""));
        }
    }

    private static boolean answer(Response response, String what) throws UserApiException {
        if (response.code() == 200) {
            return true;
        }
        if (response.code() == 404 || response.code() == 403) {
            return false;
        }
        if (response.code() == 401) {
            throw new TokenRejectedException(what + " answered HTTP 401: the user's token expired or was revoked");
        }
        throw new UserApiException(what + " answered HTTP " + response.code());
    }

    /** GET on the API; each segment is percent-encoded on its own, so a name cannot climb to another endpoint. */
    private Response get(String token, String... segments) throws IOException {
        HttpUrl.Builder url = apiUrl.newBuilder();
        for (String segment : segments) {
            url.addPathSegment(segment);
        }
        Request request = new Request.Builder()
                .url(url.build())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Authorization", "Bearer " + token)
                .get()
                .build();
        return http.newCall(request).execute();
    }

    private static JsonNode json(Response response) throws IOException {
        ResponseBody body = response.body();
        String text = body == null ? "" : body.string();
        try {
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new UserApiException("GitHub answered HTTP " + response.code() + " with something other than JSON");
        }
    }

    private static String slash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9_.-]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) : clean;
    }
}
