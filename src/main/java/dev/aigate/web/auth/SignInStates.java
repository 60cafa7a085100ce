package dev.aigate.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The OAuth {@code state} of one sign-in round trip: a random value sent to GitHub and kept, with the page to
 * return to, in a sealed cookie bound to the browser. The callback is accepted only when GitHub hands back the
 * same value as the browser's cookie, within ten minutes, and only once: a used state is remembered until it
 * would have expired, and the cookie is cleared. (Across replicas, a replay would also need the victim's cookie
 * and a code GitHub has not yet accepted: GitHub's codes are single use too.)
 */
public final class SignInStates {

    public static final String COOKIE = "aigate_signin";
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final Cache<String, Boolean> used = Caffeine.newBuilder()
            .expireAfterWrite(LIFETIME.plusMinutes(1)).maximumSize(100_000).build();

    /** A new round trip: the state for GitHub, and the cookie value that proves it later. */
    public record Started(String state, String cookieValue) {
    }

    public Started start(SealedCookie sealer, String returnTo) {
        String state = SealedCookie.randomToken();
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("state", state);
        fields.put("return", safeReturn(returnTo));
        return new Started(state, sealer.seal(COOKIE, fields, LIFETIME));
    }

    /**
     * The page to return to when {@code state} (from GitHub) matches the browser's {@code cookieValue} and was not
     * used before; empty otherwise. Either way the state cannot be used again.
     */
    public Optional<String> finish(SealedCookie sealer, String cookieValue, String state) {
        Optional<JsonNode> fields = sealer.open(COOKIE, cookieValue);
        if (fields.isEmpty() || state == null || state.isEmpty()) {
            return Optional.empty();
        }
        String expected = fields.get().path("state").asText("");
        if (expected.isEmpty() || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                state.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        if (used.asMap().putIfAbsent(expected, Boolean.TRUE) != null) {
            return Optional.empty();
        }
        return Optional.of(safeReturn(fields.get().path("return").asText("/")));
    }

    /**
     * A page of this server to go back to: a path starting with one {@code /} (not {@code //} nor {@code /\}, which a
     * browser reads as another host), without control characters; anything else is {@code /}.
     */
    public static String safeReturn(String path) {
        if (path == null || path.isEmpty() || path.length() > 2000 || !path.startsWith("/") || path.startsWith("//")
                || path.startsWith("/\\") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
            return "/";
        }
        return path;
    }
}
