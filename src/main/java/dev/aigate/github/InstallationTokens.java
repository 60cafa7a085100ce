package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Mints installation access tokens with the App's JWT and keeps each until shortly before it
 * expires. A token GitHub rejects (401) is dropped with {@link #invalidate(long)} and minted again.
 * Tokens never reach a log line: they live only in this cache and in Authorization headers.
 */
final class InstallationTokens {

    /** Refresh this long before GitHub's expiry, so no request goes out with a dying token. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final MediaType JSON = MediaType.get("application/json");

    record Token(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    private final OkHttpClient http;
    private final String apiUrl;
    private final Supplier<String> appAuthorization;
    private final ObjectMapper json = new ObjectMapper();
    private final Cache<Long, Token> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfter(new Expiry<Long, Token>() {
                @Override
                public long expireAfterCreate(Long key, Token token, long now) {
                    Duration left = Duration.between(Instant.now(), token.expiresAt()).minus(REFRESH_MARGIN);
                    return Math.max(0, left.toNanos());
                }

                @Override
                public long expireAfterUpdate(Long key, Token token, long now, long current) {
                    return expireAfterCreate(key, token, now);
                }

                @Override
                public long expireAfterRead(Long key, Token token, long now, long current) {
                    return current;
                }
            })
            .build();

    InstallationTokens(OkHttpClient http, String apiUrl, Supplier<String> appAuthorization) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.appAuthorization = appAuthorization;
    }

    String get(long installationId) throws IOException {
        Token cached = cache.getIfPresent(installationId);
        if (cached != null) {
            return cached.value();
        }
        // One mint however many concurrent reads ask at once: the others wait for it (Caffeine computes a key once).
        try {
            return cache.get(installationId, id -> {
                try {
                    return mint(id);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).value();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    void invalidate(long installationId) {
        cache.invalidate(installationId);
    }

    private Token mint(long installationId) throws IOException {
        Request request = new Request.Builder()
                .url(apiUrl + "/app/installations/" + installationId + "/access_tokens")
                .header("Authorization", appAuthorization.get())
                .header("Accept", "application/vnd.github+json")
                .post(RequestBody.create(new byte[0], JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw GitHubCallException.of("minting a token for installation " + installationId, response);
            }
            JsonNode body = json.readTree(response.body().byteStream());
            String token = body.path("token").asText(null);
            String expires = body.path("expires_at").asText(null);
            if (token == null || expires == null) {
                throw new IOException("GitHub's token response for installation " + installationId
                        + " has no token or expires_at");
            }
            return new Token(token, Instant.parse(expires));
        }
    }
}
