package dev.aigate.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a bot login written bare inside a flow list, e.g. {@code agents: [renovate[bot]]}. A policy is plain
 * YAML, where {@code [} inside {@code [...]} starts a nested list, so that text does not parse; when it fails,
 * the parser asks this class whether a bare login is the reason and reports it where it stands, telling the
 * author to quote it. Nothing is rewritten: what the parser reads is exactly what the file says. Only a login
 * standing alone between {@code [}, {@code ,} or the start of a line and {@code ,} or {@code ]} counts, outside
 * quotes and comments.
 */
final class BotLogins {

    private static final Pattern BARE = Pattern.compile("(?<=[\\[,]|^)[ \\t]*([A-Za-z0-9][A-Za-z0-9-]{0,38}\\[bot\\])(?=[ \\t]*[,\\]])");

    /** A bare login and where it starts (1-based line and column). */
    record Bare(String login, int line, int column) {

        String message() {
            return "'" + login + "' must be quoted inside a [...] list: write \"" + login + "\" (in YAML a '[' inside"
                    + " a [...] list starts another list)";
        }
    }

    private BotLogins() {
    }

    /**
     * The bare login to blame for a YAML error at 1-based {@code errorLine}: the first one on that line, else the
     * last one before it (a flow list may span lines), else none.
     */
    static Optional<Bare> blame(String yaml, int errorLine) {
        if (yaml.indexOf("[bot]") < 0) {
            return Optional.empty();
        }
        String[] lines = yaml.split("\n", -1);
        Bare before = null;
        for (int n = 0; n < lines.length && n < errorLine; n++) {
            Bare first = null;
            Bare last = null;
            String line = lines[n];
            int comment = commentStart(line);
            Matcher m = BARE.matcher(comment < 0 ? line : line.substring(0, comment));
            while (m.find()) {
                if (!insideQuotes(line, m.start(1))) {
                    last = new Bare(m.group(1), n + 1, m.start(1) + 1);
                    first = first == null ? last : first;
                }
            }
            if (n + 1 == errorLine && first != null) {
                return Optional.of(first);
            }
            before = last == null ? before : last;
        }
        return Optional.ofNullable(before);
    }

    /** Whether position {@code at} of the line is inside a quoted string. */
    private static boolean insideQuotes(String line, int at) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < at; i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single && (i == 0 || line.charAt(i - 1) != '\\')) {
                dbl = !dbl;
            }
        }
        return single || dbl;
    }

    /** Where a {@code #} comment starts outside quotes, or -1. */
    private static int commentStart(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single && (i == 0 || line.charAt(i - 1) != '\\')) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }
}
