package dev.aigate.provenance;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the trailers of a commit message the way git does, and a little more.
 *
 * <ul>
 *   <li>Lines end in LF or CRLF (a CRLF message must not hide its trailers).</li>
 *   <li>The trailer block is the last paragraph, when at least a quarter of its lines are
 *       {@code Key: value} lines (git's rule allows some other lines in it).</li>
 *   <li>Any other paragraph made only of trailer lines counts too: squash merges and
 *       cherry-picks carry the trailers of each folded commit in such paragraphs.</li>
 *   <li>The subject paragraph never holds trailers ({@code Fix: thing} is a subject).</li>
 *   <li>Keys are compared case-insensitively; a line starting with white space continues the
 *       value of the trailer above it.</li>
 * </ul>
 */
final class CommitTrailers {

    /** One trailer; {@code line} counts from 1 over the whole message. */
    record Trailer(String key, String lowerKey, String value, int line) {
    }

    private CommitTrailers() {
    }

    static List<Trailer> parse(String message) {
        if (message == null || message.isEmpty()) {
            return List.of();
        }
        List<Trailer> out = new ArrayList<>();
        int len = message.length();
        int pos = 0;
        int lineNo = 0;
        boolean inSubject = true;
        // The current paragraph's lines are scanned and kept as candidate trailers, with a count
        // of lines that are not trailers; the paragraph is judged when it ends.
        List<Trailer> para = new ArrayList<>();
        int paraLines = 0;
        int paraOther = 0;
        while (pos <= len) {
            int end = message.indexOf('\n', pos);
            if (end < 0) {
                end = len;
            }
            int contentEnd = end > pos && message.charAt(end - 1) == '\r' ? end - 1 : end;
            lineNo++;
            boolean blank = isBlank(message, pos, contentEnd);
            if (blank) {
                if (paraLines > 0) {
                    if (!inSubject) {
                        judge(para, paraLines, paraOther, false, out);
                    }
                    inSubject = false;
                }
                para.clear();
                paraLines = 0;
                paraOther = 0;
            } else {
                paraLines++;
                char first = message.charAt(pos);
                if ((first == ' ' || first == '\t') && !para.isEmpty()) {
                    Trailer last = para.remove(para.size() - 1);
                    para.add(new Trailer(last.key(), last.lowerKey(),
                            last.value() + " " + message.substring(pos, contentEnd).trim(), last.line()));
                } else {
                    Trailer t = trailerLine(message, pos, contentEnd, lineNo);
                    if (t == null) {
                        paraOther++;
                    } else {
                        para.add(t);
                    }
                }
            }
            if (end >= len) {
                break;
            }
            pos = end + 1;
        }
        if (paraLines > 0 && !inSubject) {
            judge(para, paraLines, paraOther, true, out);
        }
        return out;
    }

    private static void judge(List<Trailer> para, int lines, int other, boolean last, List<Trailer> out) {
        if (para.isEmpty()) {
            return;
        }
        if (other == 0 || (last && para.size() * 4 >= lines)) {
            out.addAll(para);
        }
    }

    /** {@code Key: value} where the key is a token of letters, digits and dashes. */
    private static Trailer trailerLine(String s, int from, int to, int lineNo) {
        int i = from;
        if (i >= to || !Character.isLetterOrDigit(s.charAt(i))) {
            return null;
        }
        while (i < to) {
            char c = s.charAt(i);
            if (c == ':') {
                break;
            }
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return null;
            }
            i++;
        }
        if (i >= to || i - from > 60) {
            return null;
        }
        String key = s.substring(from, i);
        String value = s.substring(i + 1, to).trim();
        if (value.isEmpty()) {
            return null;
        }
        return new Trailer(key, key.toLowerCase(java.util.Locale.ROOT), value, lineNo);
    }

    private static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
