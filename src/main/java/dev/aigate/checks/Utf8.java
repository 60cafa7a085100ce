package dev.aigate.checks;

/** UTF-8 sizes without encoding: GitHub limits check-run output by bytes. */
final class Utf8 {

    private Utf8() {
    }

    static int length(CharSequence s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The longest prefix of {@code s} within {@code maxBytes}, never splitting a surrogate pair. */
    static String prefix(String s, int maxBytes) {
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int width;
            int chars = 1;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = 3;
            }
            if (n + width > maxBytes) {
                break;
            }
            n += width;
            i += chars;
        }
        return s.substring(0, i);
    }
}
