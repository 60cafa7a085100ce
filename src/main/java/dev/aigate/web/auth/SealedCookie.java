package dev.aigate.web.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Cookie values only this server can read or make: a small JSON object sealed with AES-256-GCM (authenticated
 * encryption: a value changed by one bit, made with another key, or sealed for another purpose does not open),
 * with an expiry inside it. The session cookie holds the user's GitHub token, so it is encrypted, not only signed.
 *
 * <p>The key is derived with HMAC-SHA256 from a server secret ({@code AIGATE_SESSION_SECRET}, or the webhook secret
 * when that is not set), so every replica that shares the secret reads the others' cookies, and changing the secret
 * signs everyone out. The purpose (the cookie's name) is bound in as associated data.
 */
public final class SealedCookie {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Longer values are refused before any decryption (a cookie is at most about 4 KB anyway). */
    private static final int MAX_VALUE_CHARS = 4096;

    private final SecretKeySpec key;
    private final Clock clock;

    public SealedCookie(String secret, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a session secret is needed to seal cookies");
        }
        this.key = new SecretKeySpec(derive(secret), "AES");
        this.clock = clock;
    }

    /** Seals {@code fields} for {@code purpose}, to open until {@code ttl} from now. */
    public String seal(String purpose, ObjectNode fields, Duration ttl) {
        ObjectNode payload = fields.deepCopy();
        payload.put("exp", clock.millis() + ttl.toMillis());
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(payload));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot seal a cookie", e);
        }
    }

    /** The fields of a value this server sealed for {@code purpose} and that has not expired; empty otherwise. */
    public Optional<JsonNode> open(String purpose, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(value);
            if (raw.length <= IV_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
            JsonNode payload = JSON.readTree(plain);
            if (!payload.isObject() || !payload.path("exp").canConvertToLong()
                    || payload.path("exp").asLong() <= clock.millis()) {
                return Optional.empty();
            }
            return Optional.of(payload);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            return Optional.empty(); // forged, damaged, another key or another purpose
        } catch (GeneralSecurityException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A fresh random value (for OAuth state), 32 bytes, URL-safe. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] derive(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal("ai-gate web session key v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
