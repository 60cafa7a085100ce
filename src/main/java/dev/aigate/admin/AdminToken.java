package dev.aigate.admin;

import dev.aigate.github.CredentialsProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bearer token of the admin API: {@code AIGATE_ADMIN_TOKEN} when set, otherwise derived from the webhook
 * secret (HMAC-SHA256 of a fixed label), so a CLI started with the server's environment or data dir knows it
 * without extra setup, and the secret itself never travels.
 */
public final class AdminToken {

    static final String LABEL = "ai-gate admin token v1";

    private AdminToken() {
    }

    public static Optional<String> resolve(String adminToken, CredentialsProvider credentials) {
        if (adminToken != null && !adminToken.isBlank()) {
            return Optional.of(adminToken.strip());
        }
        return credentials.webhookSecret().map(AdminToken::derive);
    }

    static String derive(String webhookSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of an {@code Authorization} header against the expected token. */
    public static boolean matches(String authorization, String expected) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
    }
}
