package dev.aigate.provenance;

import dev.aigate.provenance.SignalCatalogue.Disclosure;
import dev.aigate.provenance.SignalCatalogue.Marker;
import dev.aigate.provenance.SignalCatalogue.Scope;
import dev.aigate.provenance.SignalCatalogue.TrailerRule;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How people disclose AI use in a pull request description, beyond a ticked box that names AI
 * itself and a {@code AI tools used: ...} line (both read by the classifier):
 *
 * <ul>
 *   <li>declaration trailers written in the description ({@code Assisted-by: Claude Code},
 *       {@code Generated-by: ...}), which become the commit message on a squash merge;</li>
 *   <li>a question or heading about AI (the ASF template's {@code ##### Was generative AI tooling
 *       used to co-author this PR?}, a bold {@code **AI usage**} line) answered below it by a ticked
 *       {@code Yes}/{@code No} box, or, under a question, by free text;</li>
 * </ul>
 *
 * <p>and which tool markers are only quoted in code, which are noted but never classified on.
 * Everything is read from the visible body (comments, unticked boxes and placeholders removed).
 */
final class BodyDeclarations {

    /** Where evidence and notes go. */
    interface Sink {
        void declare(Signal signal, String tool, String where, String matched);

        void claim(String note);
    }

    private static final Pattern TRAILER = Pattern.compile("^[ \\t>*_-]*([A-Za-z][A-Za-z0-9-]{1,40})[*_]*:[*_]*[ \\t]*(.*?)[ \\t]*$");
    private static final Pattern HEADING = Pattern.compile("^[ \\t>]*(?:#{1,6}[ \\t]+(.+)|\\*\\*([^*\\n]+)\\*\\*:?|__([^_\\n]+)__:?)[ \\t]*$");
    private static final Pattern RULE = Pattern.compile("^[ \\t]*(?:-{3,}|\\*{3,}|_{3,})[ \\t]*$");
    private static final Pattern BOX = Pattern.compile("^[ \\t>]*(?:[-*+]|\\d+[.)])[ \\t]+\\[[xX✓✔][ \\t]?\\][ \\t]*(.*)$");
    private static final Pattern YES = Pattern.compile("(?i)^[*_ ]*(?:yes|y|i did|i have|used)\\b");
    private static final Pattern NO = Pattern.compile("(?i)^[*_ ]*(?:no|n|none|i did not|i didn't|not used)\\b");
    private static final Pattern INSTRUCTION = Pattern.compile(
            "(?i)^(?:please|describe|if (?:yes|so|you)|list|specify|explain|state|note:|mention|provide)\\b|[?:]$|^[<\\[(].*[>\\])]$");

    private BodyDeclarations() {
    }

    static void read(SignalCatalogue catalogue, String visible, Sink sink) {
        if (visible.isEmpty()) {
            return;
        }
        Disclosure d = catalogue.disclosure();
        String[] lines = visible.split("\n", -1);
        boolean section = false;   // under a heading that asks about AI
        boolean question = false;  // ... and the heading is a question
        boolean answered = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "pr.body line " + (i + 1);
            if (line.isBlank()) {
                continue;
            }
            char first = firstChar(line);
            Matcher h = first == '#' || first == '*' || first == '_' ? HEADING.matcher(line) : null;
            boolean heading = h != null && h.matches();
            if (heading || ((first == '-' || first == '*' || first == '_') && RULE.matcher(line).matches())) {
                String title = heading ? firstNonNull(h.group(1), h.group(2), h.group(3)) : "";
                section = d.heading() != null && d.ai().matcher(title).find();
                question = section && title.trim().endsWith("?");
                answered = false;
                continue;
            }
            if (trailer(catalogue, line, where, sink)) {
                answered = section;
                continue;
            }
            if (!section) {
                continue;
            }
            Matcher box = BOX.matcher(line);
            if (box.matches()) {
                String text = box.group(1).trim();
                if (NO.matcher(text).lookingAt() || d.no().matcher(text).lookingAt()) {
                    sink.claim(where + ": ticked '" + ProvenanceClassifier.shorten(text) + "' under an AI question"
                            + " claims no AI use; a claim is recorded but cannot lower the class.");
                    answered = true;
                } else if (YES.matcher(text).lookingAt() || (!d.ai().matcher(text).find() && d.yes().matcher(text).find())) {
                    String tool = catalogue.toolIn(text);
                    sink.declare(d.heading(), tool, where, "[x] " + text);
                    answered = tool != null; // "Yes (please specify the tool below)": the text below names it
                } else if (d.ai().matcher(text).find()) {
                    answered = true; // a box that names AI itself is read as a disclosure checkbox
                }
                continue;
            }
            String text = line.replaceAll("[*_`]", "").trim();
            if (question && !answered && !text.isEmpty() && Character.isLetterOrDigit(text.codePointAt(0))
                    && !INSTRUCTION.matcher(text).find()) {
                answered = true;
                if (catalogue.isNegative(text) || NO.matcher(text).lookingAt() || d.no().matcher(text).lookingAt()) {
                    sink.claim(where + ": '" + ProvenanceClassifier.shorten(text) + "' answers an AI question with no;"
                            + " a claim is recorded but cannot lower the class.");
                } else {
                    sink.declare(d.heading(), catalogue.toolIn(text), where, text);
                }
            }
        }
    }

    /** A declaration trailer on its own line ({@code Assisted-by: Claude Code}); true when the line is one. */
    private static boolean trailer(SignalCatalogue catalogue, String line, String where, Sink sink) {
        if (line.indexOf(':') < 0) {
            return false;
        }
        Matcher m = TRAILER.matcher(line);
        if (!m.matches()) {
            return false;
        }
        List<TrailerRule> rules = catalogue.trailers(m.group(1).toLowerCase(Locale.ROOT));
        String value = m.group(2);
        boolean seen = false;
        for (TrailerRule rule : rules) {
            if (rule.signal().tier() != Tier.T2) {
                continue;
            }
            seen = true;
            String text = m.group(1) + ": " + value;
            if (value.isEmpty() || value.startsWith("[") || value.startsWith("<")) {
                continue; // the template's placeholder, left as it was
            }
            if (rule.value() != null && !rule.value().matcher(value).find()) {
                continue;
            }
            if (catalogue.isNegative(value)) {
                sink.claim(where + ": '" + ProvenanceClassifier.shorten(text)
                        + "' claims no AI use; a claim cannot lower the class.");
            } else {
                sink.declare(rule.signal(), rule.toolFromValue() ? catalogue.toolIn(value) : rule.signal().tool(), where, text);
            }
        }
        return seen;
    }

    /**
     * Notes each tool-written (T1) body marker found only inside code: a quotation, typically a
     * maintainer banning the footer, and not the tool's own output.
     */
    static void quoted(SignalCatalogue catalogue, PullRequestBody body, String raw, String visible, List<String> notes) {
        quoted(catalogue.markers(Scope.RAW_BODY), body.raw(), raw, notes);
        quoted(catalogue.markers(Scope.BODY), body.visible(), visible, notes);
    }

    private static void quoted(List<Marker> markers, String withCode, String withoutCode, List<String> notes) {
        if (withCode == withoutCode) {
            return;
        }
        String lower = null;
        for (Marker m : markers) {
            if (m.signal().tier() != Tier.T1) {
                continue;
            }
            if (!m.needs().isEmpty()) {
                lower = lower == null ? withCode.toLowerCase(Locale.ROOT) : lower;
                if (!m.worthTrying(lower)) {
                    continue;
                }
            }
            int at = m.find(withCode);
            if (at >= 0 && m.find(withoutCode) < 0) {
                notes.add("pr.body line " + PullRequestBody.lineOf(withCode, at) + ": " + m.signal().id() + " ('"
                        + ProvenanceClassifier.shorten(m.matched(withCode, at)) + "') is quoted in code;"
                        + " a quotation is not tool output and is not classified on.");
            }
        }
    }

    /** The first character after indentation and block-quote markers, or 0. */
    private static char firstChar(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t' && c != '>') {
                return c;
            }
        }
        return 0;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return "";
    }
}
