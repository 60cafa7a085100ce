package dev.aigate.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * A markdown buffer that never grows past GitHub's byte limit. Pieces are appended whole or not
 * at all; once one does not fit, nothing more is taken, and each caller says what it left out so
 * that {@link #finish(String)} can end with a notice that names what was cut.
 *
 * <p>A reserve at the end pays for closing tags of sections already opened and for the notice.
 */
final class MarkdownBudget {

    static final int RESERVE = 3_000;
    private static final int MAX_NAMED_CUTS = 8;

    private final int max;
    private final StringBuilder out = new StringBuilder(8_192);
    private int bytes;
    private boolean full;
    private final List<String> omitted = new ArrayList<>();

    MarkdownBudget(int max) {
        this.max = max;
    }

    /** Appends {@code s} if it fits before the reserve; once something did not fit, nothing else does. */
    boolean append(String s) {
        if (full) {
            return false;
        }
        int n = Utf8.length(s);
        if (bytes + n > max - RESERVE) {
            full = true;
            return false;
        }
        out.append(s);
        bytes += n;
        return true;
    }

    /** Whether {@code s} would still fit, without appending it. */
    boolean fits(String s) {
        return !full && bytes + Utf8.length(s) <= max - RESERVE;
    }

    /** Closes something already opened (a table, a {@code <details>}); always written, paid from the reserve. */
    void close(String s) {
        out.append(s);
        bytes += Utf8.length(s);
    }

    /** Records that {@code what} was left out for lack of room. */
    void omit(String what) {
        full = true;
        omitted.add(what);
    }

    boolean isFull() {
        return full;
    }

    boolean isEmpty() {
        return out.isEmpty();
    }

    List<String> omitted() {
        return List.copyOf(omitted);
    }

    /** The markdown, ending with a notice that names what was cut, if anything was. */
    String finish(String hint) {
        if (!omitted.isEmpty()) {
            StringBuilder notice = new StringBuilder("\n\n---\n> ✂️ **").append(CheckRunText.TRUNCATION_NOTICE)
                    .append("** to stay within GitHub's limit of ")
                    .append(Markdown.count(CheckRunContent.MAX_OUTPUT_BYTES)).append(" bytes. Left out: ");
            for (int i = 0; i < Math.min(MAX_NAMED_CUTS, omitted.size()); i++) {
                notice.append(i == 0 ? "" : "; ").append(Markdown.shorten(omitted.get(i), 160));
            }
            if (omitted.size() > MAX_NAMED_CUTS) {
                notice.append("; and ").append(omitted.size() - MAX_NAMED_CUTS).append(" more");
            }
            notice.append('.');
            if (hint != null && !hint.isBlank()) {
                notice.append(' ').append(hint.trim());
            }
            notice.append('\n');
            int room = max - bytes;
            out.append(Utf8.prefix(notice.toString(), Math.max(0, room)));
        }
        String s = out.toString();
        return Utf8.length(s) <= max ? s : Utf8.prefix(s, max);
    }
}
