package dev.aigate.checks;

import java.util.Locale;
import java.util.regex.Pattern;

/** Escaping and formatting for GitHub-flavoured markdown. Text from pull requests is never trusted. */
final class Markdown {

    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\\[bot])?");
    /** Invisible, and breaks no line: splits what GitHub would turn into a link or a mention. */
    static final char WORD_JOINER = '\u2060';
    /** Where GitHub's extended autolinks start: a scheme's "://", "www." and the "@" of an address or mention. */
    /** An "@" that no address or mention can be made of: GitHub reads the text on either side apart. */
    static final String AT = "<span>@</span>";
    private static final Pattern AUTOLINK = Pattern.compile("(?i)(://|www\\.|@)");

    private Markdown() {
    }

    /**
     * One line of untrusted text, safe in running text and inside a table cell: whitespace collapsed,
     * shortened to {@code maxChars}, markdown and HTML neutralised, pipes escaped, and no autolinks
     * (see {@link #unlinked}).
     */
    static String text(String s, int maxChars) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String flat = shorten(flatten(s), maxChars);
        StringBuilder b = new StringBuilder(flat.length() + 16);
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '|', '~', '#', '!' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return unlinked(b.toString());
    }

    /** Text inside an HTML element such as {@code <summary>}, where markdown escapes would show literally. */
    static String html(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        return unlinked(shorten(flatten(s), maxChars)
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }

    /**
     * Already escaped {@code s} with a word joiner inside every "://" and "www.", and every "@" in a
     * {@code <span>} of its own, so that GitHub makes no link of a bare URL, an e-mail address or a
     * mention in it, which backslash escapes cannot prevent (GitHub links the text they leave). It reads
     * the same; only a copied URL carries the invisible character.
     */
    static String unlinked(String escaped) {
        return AUTOLINK.matcher(escaped).replaceAll(m -> switch (m.group(1).charAt(0)) {
            case ':' -> ":" + WORD_JOINER + "//";
            case '@' -> AT;
            default -> m.group(1).substring(0, 3) + WORD_JOINER + ".";
        });
    }

    /** Like {@link #text(String, int)} with a generous default length. */
    static String text(String s) {
        return text(s, 300);
    }

    /** Inline code that stays one cell: backticks and pipes cannot break out. */
    static String code(String s, int maxChars) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String flat = shorten(flatten(s), maxChars)
                .replace("`", "ˋ").replace("|", "\\|");
        return "`" + flat + "`";
    }

    /** One line: runs of whitespace become one space, ends trimmed. Returns {@code s} itself when already flat. */
    static String flatten(String s) {
        int n = s.length();
        boolean flat = n == 0 || (!Character.isWhitespace(s.charAt(0)) && !Character.isWhitespace(s.charAt(n - 1)));
        for (int i = 0; flat && i < n; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || Character.isWhitespace(s.charAt(i + 1)))) {
                flat = false;
            }
        }
        return flat ? s : SPACE.matcher(s).replaceAll(" ").trim();
    }

    /** A sentence as a phrase for a title or a list: trailing full stops and spaces removed. */
    static String phrase(String s) {
        if (s == null) {
            return "";
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '.' || Character.isWhitespace(s.charAt(end - 1)))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@code s} cut to {@code maxChars} characters with an ellipsis, never splitting a surrogate pair. */
    static String shorten(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int end = Math.max(0, maxChars - 1);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /**
     * {@code s} cut to {@code maxChars} characters at the end of a word, with an ellipsis. A single word
     * longer than half the room is cut inside, as {@link #shorten} does.
     */
    static String shortenAtWord(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        int room = Math.max(0, maxChars - 1);
        int end = s.lastIndexOf(' ', room);
        if (end < room / 2) {
            return shorten(s, maxChars);
        }
        while (end > 0 && ",;:·—-".indexOf(s.charAt(end - 1)) >= 0 || end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /** A GitHub login as a mention; anything else as escaped text. */
    static String who(String s) {
        if (s != null && LOGIN.matcher(s).matches()) {
            return "@" + s;
        }
        if (s != null && s.startsWith("@")) {
            return "@" + text(s.substring(1), 100);
        }
        return text(s, 100);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String plural(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    static String shortSha(String sha) {
        if (sha == null || sha.isEmpty()) {
            return "";
        }
        return sha.substring(0, Math.min(7, sha.length()));
    }
}
