package dev.aigate.provenance;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pull request body in two forms, with the same line numbers.
 *
 * <ul>
 *   <li>{@link #raw()}: as written (CRLF folded to LF). Tools hide some of their markers in
 *       HTML comments ({@code <!-- CURSOR_AGENT_PR_BODY_BEGIN -->}), so those are looked for here.</li>
 *   <li>{@link #visible()}: what the author actually wrote. HTML comments, unticked checkbox
 *       lines and template placeholders such as {@code (e.g. Copilot, Claude)} are blanked out,
 *       so that a PR template that names tools is not taken for a mention of them.</li>
 * </ul>
 */
final class PullRequestBody {

    private static final Pattern UNTICKED = Pattern.compile("(?m)^[ \\t>]*(?:[-*+]|\\d+[.)])[ \\t]+\\[[ \\t]?\\][^\\n]*");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)\\((?:e\\.g\\.|eg\\b|i\\.e\\.|for example|such as)[^)\\n]*\\)"
                    + "|\\[(?:e\\.g\\.|eg\\b|i\\.e\\.|for example|such as)[^\\]\\n]*\\]"
                    + "|<(?:e\\.g\\.|eg\\b|for example|such as)[^>\\n]*>"
                    + "|\\b(?:e\\.g\\.|for example|such as)[ \\t]*:?[ \\t]*(?:[\\w.+-]+(?: [\\w.+-]+)?,[ \\t]*)+(?:or |and )?[\\w.+-]+(?: [\\w.+-]+)?");
    static final Pattern TICKED = Pattern.compile("(?m)^[ \\t>]*(?:[-*+]|\\d+[.)])[ \\t]+\\[[xX✓✔][ \\t]?\\][ \\t]*(.+)$");

    private final String raw;
    private final String visible;

    PullRequestBody(String body) {
        this.raw = body == null ? "" : body.replace("\r\n", "\n").replace('\r', '\n');
        this.visible = placeholders(unticked(comments(raw)));
    }

    String raw() {
        return raw;
    }

    String visible() {
        return visible;
    }

    /** The 1-based line of an offset (both forms keep the same lines). */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The whole line around an offset, trimmed. */
    static String lineAt(String text, int offset) {
        int start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (offset == 0) {
            start = 0;
        }
        int end = text.indexOf('\n', offset);
        return text.substring(start, end < 0 ? text.length() : end).trim();
    }

    /** Removes HTML comments, an unterminated one to the end, keeping their line breaks. */
    private static String comments(String s) {
        int open = s.indexOf("<!--");
        if (open < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int pos = 0;
        while (open >= 0) {
            out.append(s, pos, open);
            int close = s.indexOf("-->", open + 4);
            int end = close < 0 ? s.length() : close + 3;
            for (int i = open; i < end; i++) {
                if (s.charAt(i) == '\n') {
                    out.append('\n');
                }
            }
            pos = end;
            open = s.indexOf("<!--", pos);
        }
        out.append(s, pos, s.length());
        return out.toString();
    }

    private static String unticked(String s) {
        return s.indexOf('[') < 0 ? s : UNTICKED.matcher(s).replaceAll("");
    }

    private static String placeholders(String s) {
        Matcher m = PLACEHOLDER.matcher(s);
        if (!m.find()) {
            return s;
        }
        return m.replaceAll("");
    }
}
