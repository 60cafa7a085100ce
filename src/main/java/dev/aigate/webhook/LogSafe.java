package dev.aigate.webhook;

/**
 * Makes a value a caller chose (a header of a request not yet authenticated) safe to put in a log line or the
 * MDC: control characters, line breaks and other invisible characters become {@code ?}, so no one can forge a log
 * line, and the value is cut to {@link #MAX_LENGTH} characters, so no one can fill the log.
 */
final class LogSafe {

    static final int MAX_LENGTH = 100;

    private LogSafe() {
    }

    /** {@code -} for null. */
    static String value(String raw) {
        if (raw == null) {
            return "-";
        }
        int keep = Math.min(raw.length(), MAX_LENGTH);
        StringBuilder out = new StringBuilder(keep + 24);
        for (int i = 0; i < keep; i++) {
            char c = raw.charAt(i);
            out.append(printable(c) ? c : '?');
        }
        if (raw.length() > MAX_LENGTH) {
            out.append("...(").append(raw.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean printable(char c) {
        if (c < 0x20 || c == 0x7f) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
