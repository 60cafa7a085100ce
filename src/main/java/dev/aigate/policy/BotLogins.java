package dev.aigate.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets a policy list bot accounts as written on GitHub inside a flow list, e.g.
 * {@code agents: [acme-refactor-bot[bot], renovate[bot]]}. Plain YAML rejects the brackets in a
 * flow list, so before parsing each such bare login is quoted; positions reported afterwards are
 * mapped back to the text as written. Only a login standing alone between {@code [} or {@code ,}
 * and {@code ,} or {@code ]} is touched, so quoted text and block lists are left as they are.
 */
final class BotLogins {

    private static final Pattern BARE = Pattern.compile("(?<=[\\[,])([ \\t]*)([A-Za-z0-9][A-Za-z0-9-]{0,38}\\[bot\\])(?=[ \\t]*[,\\]])");

    /** The text with bare logins quoted, and where quotes were inserted. */
    record Quoted(String text, Map<Integer, List<Integer>> insertedAt) {

        /** The 1-based column in the original text for a 1-based column in the quoted text. */
        int originalColumn(int line, int column) {
            List<Integer> inserts = insertedAt.get(line);
            if (inserts == null) {
                return column;
            }
            int shift = 0;
            for (int at : inserts) {
                if (at < column) {
                    shift++;
                }
            }
            return column - shift;
        }
    }

    private BotLogins() {
    }

    static Quoted quote(String yaml) {
        if (yaml.indexOf("[bot]") < 0) {
            return new Quoted(yaml, Map.of());
        }
        Map<Integer, List<Integer>> inserted = new HashMap<>();
        StringBuilder out = new StringBuilder(yaml.length() + 16);
        String[] lines = yaml.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int comment = commentStart(line);
            String code = comment < 0 ? line : line.substring(0, comment);
            Matcher m = BARE.matcher(code);
            StringBuilder sb = new StringBuilder();
            int last = 0;
            List<Integer> at = new ArrayList<>();
            while (m.find()) {
                sb.append(code, last, m.start(2));
                at.add(sb.length() + 1); // 1-based column of the opening quote in the new line
                sb.append('"').append(m.group(2));
                at.add(sb.length() + 1);
                sb.append('"');
                last = m.end(2);
            }
            sb.append(code.substring(last)).append(comment < 0 ? "" : line.substring(comment));
            if (!at.isEmpty()) {
                inserted.put(n + 1, at);
            }
            out.append(sb);
            if (n < lines.length - 1) {
                out.append('\n');
            }
        }
        return new Quoted(out.toString(), inserted);
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
