package dev.aigate.policy;

import java.util.Locale;

/**
 * Whether a policy or rule decides the check run ({@code enforce}) or only reports what it would decide
 * ({@code observe}). Precedence: a rule's {@code mode} wins over its policy's, and a policy's explicit
 * {@code mode} wins over the server default ({@code AIGATE_DEFAULT_MODE}).
 */
public enum Mode {
    OBSERVE, ENFORCE;

    /** The word used in policies and settings. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code observe} or {@code enforce} (any case, surrounding blanks ignored); empty means enforce. */
    public static Mode parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "enforce" -> ENFORCE;
            case "observe" -> OBSERVE;
            default -> throw new IllegalArgumentException("mode must be observe or enforce, got '" + value + "'");
        };
    }
}
