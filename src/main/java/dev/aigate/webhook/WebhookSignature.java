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
 *
 * <p>Each thread keeps one keyed {@link Mac} and reuses it ({@code doFinal} resets it to its key): looking up the
 * provider and building a {@code Mac} for every delivery cost more than hashing the body. A new secret (a rotated
 * {@code AIGATE_WEBHOOK_SECRET}, or a test's own) gets a new {@code Mac} on that thread.
 */
public final class WebhookSignature {

    static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;
    private static final String ALGORITHM = "HmacSHA256";
    private static final ThreadLocal<KeyedMac> MACS = new ThreadLocal<>();

    /** A {@link Mac} initialised with {@code secret}; only ever used by the thread that holds it. */
    private record KeyedMac(String secret, Mac mac) {
    }

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
        Mac mac = macFor(secret);
        mac.reset(); // nothing of an earlier call that failed half-way may enter this one's hash
        mac.update(body, 0, length);
        return mac.doFinal();
    }

    private static Mac macFor(String secret) {
        KeyedMac held = MACS.get();
        if (held != null && held.secret().equals(secret)) {
            return held.mac();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            MACS.set(new KeyedMac(secret, mac));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }
}
