package dev.aigate.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Checks {@code X-Hub-Signature-256}: {@code sha256=} followed by the hex HMAC-SHA256 of the exact
 * bytes received, keyed with the webhook secret. The comparison takes the same time whatever the
 * input, so a caller learns nothing from timing.
 */
public final class WebhookSignature {

    static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;

    private WebhookSignature() {
    }

    /** Whether the header has the shape {@code sha256=<64 hex digits>}: checked before a body is read. */
    public static boolean isWellFormed(String header) {
        if (header == null || header.length() != PREFIX.length() + HEX_LENGTH
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        for (int i = PREFIX.length(); i < header.length(); i++) {
            if (Character.digit(header.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValid(String header, byte[] body, String secret) {
        return isValid(header, body, body.length, secret);
    }

    /** As {@link #isValid(String, byte[], String)}, for a body in the first {@code length} bytes of the array. */
    public static boolean isValid(String header, byte[] body, int length, String secret) {
        if (secret == null || secret.isEmpty() || !isWellFormed(header)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body, length, secret), given);
    }

    /** The header value GitHub would send for this body. */
    public static String sign(byte[] body, String secret) {
        return PREFIX + HexFormat.of().formatHex(hmac(body, body.length, secret));
    }

    private static byte[] hmac(byte[] body, int length, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(body, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
