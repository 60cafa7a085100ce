package dev.aigate.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;

import java.time.Duration;
import java.util.Optional;

/**
 * The signed-in session: one sealed, {@code HttpOnly}, {@code SameSite=Lax} cookie ({@code Secure} when the
 * public address is https) holding the user's id, login and GitHub user token. It lasts as long as a GitHub App
 * user token does by default (8 hours); signing out clears it.
 */
public final class Sessions {

    public static final String COOKIE = "aigate_session";
    public static final Duration LIFETIME = Duration.ofHours(8);

    /** A signed-in user. {@link #toString()} never shows the token. */
    public record Session(long userId, String login, String token) {
        @Override
        public String toString() {
            return "Session[userId=" + userId + ", login=" + login + ", token=<redacted>]";
        }
    }

    private Sessions() {
    }

    public static Cookie cookie(SealedCookie sealer, Session session, boolean secure) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("uid", session.userId());
        fields.put("login", session.login());
        fields.put("token", session.token());
        return cookie(COOKIE, sealer.seal(COOKIE, fields, LIFETIME), LIFETIME, secure);
    }

    /** The session the request carries, if its cookie opens and has not expired. */
    public static Optional<Session> of(HttpRequest<?> request, Optional<SealedCookie> sealer) {
        if (sealer.isEmpty()) {
            return Optional.empty();
        }
        return request.getCookies().findCookie(COOKIE)
                .flatMap(c -> sealer.get().open(COOKIE, c.getValue()))
                .flatMap(Sessions::session);
    }

    static Optional<Session> session(JsonNode fields) {
        long id = fields.path("uid").asLong(0);
        String login = fields.path("login").asText("");
        String token = fields.path("token").asText("");
        return id > 0 && !login.isEmpty() && !token.isEmpty() ? Optional.of(new Session(id, login, token)) : Optional.empty();
    }

    /** A cookie that removes {@code name}. */
    public static Cookie cleared(String name, boolean secure) {
        return cookie(name, "", Duration.ZERO, secure);
    }

    static Cookie cookie(String name, String value, Duration maxAge, boolean secure) {
        return Cookie.of(name, value).path("/").httpOnly(true).secure(secure).sameSite(SameSite.Lax).maxAge(maxAge);
    }
}
