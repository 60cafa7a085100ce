package dev.aigate.dashboard;

import java.util.List;

/**
 * The dashboard's tables as CSV (RFC 4180). A text cell that a spreadsheet would run as a formula (it begins with
 * {@code = + - @}, a tab or a carriage return) is prefixed with {@code '}: override reasons and logins come from
 * people, and a CSV is opened in spreadsheets.
 */
final class Csv {

    private Csv() {
    }

    /** One table with its own columns. */
    static String table(Table t) {
        StringBuilder out = new StringBuilder();
        line(out, t.headers().stream().map(h -> Table.Cell.text(h)).toList());
        for (List<Table.Cell> row : t.rows()) {
            line(out, row);
        }
        return out.toString();
    }

    /** Every table in one: {@code table,row,column,value}, one line per cell. */
    static String all(List<Table> tables) {
        StringBuilder out = new StringBuilder("table,row,column,value\r\n");
        for (Table t : tables) {
            for (int r = 0; r < t.rows().size(); r++) {
                List<Table.Cell> row = t.rows().get(r);
                for (int c = 0; c < row.size() && c < t.headers().size(); c++) {
                    line(out, List.of(Table.Cell.text(t.id()), Table.Cell.number(Integer.toString(r + 1)),
                            Table.Cell.text(t.headers().get(c)), row.get(c)));
                }
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<Table.Cell> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String field(Table.Cell cell) {
        String v = cell.text();
        if (!cell.numeric() && !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                || v.startsWith("'")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
