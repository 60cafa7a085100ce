package dev.aigate.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Structural checks on rendered markdown. */
final class MarkdownChecks {

    private MarkdownChecks() {
    }

    /** Every {@code <details>} is closed, and every table row has as many cells as its header. */
    static void wellFormed(String md) {
        assertEquals(count(md, "<details"), count(md, "</details>"), "unbalanced <details>:\n" + md);
        int expected = -1;
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("|")) {
                int n = cells(line);
                if (expected < 0) {
                    expected = n;
                } else {
                    assertEquals(expected, n, "table row with the wrong number of cells: " + line);
                }
            } else {
                expected = -1;
            }
        }
    }

    /** The number of cells in a table row, counting only unescaped pipes. */
    static int cells(String row) {
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                pipes++;
            }
        }
        return pipes - 1;
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
