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

    /**
     * The text with fenced code blocks ({@code ```} or {@code ~~~}, an unclosed one to the end) and
     * inline code spans blanked out, keeping line breaks and offsets; the same instance when there
     * is no code.
     */
    static String withoutCode(String s) {
        if (s.indexOf('`') < 0 && s.indexOf("~~~") < 0) {
            return s;
        }
        char[] out = s.toCharArray();
        int pos = 0;
        String fence = null;
        while (pos < out.length) {
            int end = s.indexOf('\n', pos);
            if (end < 0) {
                end = out.length;
            }
            String line = s.substring(pos, end).stripLeading();
            if (fence == null && (line.startsWith("```") || line.startsWith("~~~"))) {
                fence = line.substring(0, 3);
                blank(out, pos, end);
            } else if (fence != null) {
                if (line.startsWith(fence)) {
                    fence = null;
                }
                blank(out, pos, end);
            } else {
                spans(s, out, pos, end);
            }
            pos = end + 1;
        }
        return new String(out);
    }

    /** Blanks inline code spans on one line: a run of backticks up to the same run. */
    private static void spans(String s, char[] out, int from, int to) {
        int i = s.indexOf('`', from);
        while (i >= 0 && i < to) {
            int run = i;
            while (run < to && s.charAt(run) == '`') {
                run++;
            }
            String ticks = s.substring(i, run);
            int close = s.indexOf(ticks, run);
            if (close < 0 || close >= to) {
                return;
            }
            blank(out, i, close + ticks.length());
            i = s.indexOf('`', close + ticks.length());
        }
    }

    private static void blank(char[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            if (out[i] != '\n') {
                out[i] = ' ';
            }
        }
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
