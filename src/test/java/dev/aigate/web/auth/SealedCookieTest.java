package dev.aigate.web.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.queue.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealedCookieTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final SealedCookie sealer = new SealedCookie("webhook secret", clock);

    private static ObjectNode fields() {
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        f.put("login", "octocat");
        f.put("token", "ghu_secret");
        return f;
    }

    @Test
    void opensWhatItSealedAndHidesTheToken() {
        String value = sealer.seal("aigate_session", fields(), Duration.ofHours(1));
        assertFalse(new String(Base64.getUrlDecoder().decode(value), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("ghu_secret"), "the token is encrypted, not only signed");
        assertEquals("octocat", sealer.open("aigate_session", value).orElseThrow().path("login").asText());
    }

    @Test
    void refusesATamperedValue() {
        String value = sealer.seal("aigate_session", fields(), Duration.ofHours(1));
        byte[] raw = Base64.getUrlDecoder().decode(value);
        for (int i = 0; i < raw.length; i++) {
            byte[] changed = raw.clone();
            changed[i] ^= 1;
            assertTrue(sealer.open("aigate_session", Base64.getUrlEncoder().withoutPadding().encodeToString(changed)).isEmpty(),
                    "one bit changed at byte " + i);
        }
        assertTrue(sealer.open("aigate_session", value.substring(0, value.length() - 2)).isEmpty(), "cut short");
        assertTrue(sealer.open("aigate_session", "not base64 !").isEmpty());
        assertTrue(sealer.open("aigate_session", "").isEmpty());
        assertTrue(sealer.open("aigate_session", "A".repeat(5000)).isEmpty(), "too long to be ours");
    }

    @Test
    void refusesAnotherKeyAnotherPurposeAndAnExpiredValue() {
        String value = sealer.seal("aigate_session", fields(), Duration.ofHours(1));
        assertTrue(new SealedCookie("another secret", clock).open("aigate_session", value).isEmpty(), "another key");
        assertTrue(sealer.open("aigate_signin", value).isEmpty(), "sealed for another cookie");
        clock.advance(Duration.ofMinutes(59));
        assertTrue(sealer.open("aigate_session", value).isPresent());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(sealer.open("aigate_session", value).isEmpty(), "expired");
    }

    @Test
    void sessionNeedsIdLoginAndToken() {
        ObjectNode f = fields();
        f.put("uid", 5);
        assertEquals("octocat", Sessions.session(f).orElseThrow().login());
        assertFalse(Sessions.session(f).orElseThrow().toString().contains("ghu_secret"), "toString hides the token");
        f.remove("token");
        assertTrue(Sessions.session(f).isEmpty());
    }
}
