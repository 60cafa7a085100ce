package dev.aigate.dashboard;

import java.util.List;

/**
 * One table of the dashboard, exactly as the page shows it and the CSV exports it, so the two always agree.
 *
 * @param id      stable name, used in {@code ?format=csv&table=ID} and as the HTML id
 * @param headers column titles
 * @param rows    cells, already formatted
 */
public record Table(String id, String title, List<String> headers, List<List<Cell>> rows) {

    public Table {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * A cell: text, and a link only when ai-gate built it (its own details page), never a URL from a pull request.
     *
     * @param numeric whether it is a figure (aligned right; never treated as a spreadsheet formula in CSV)
     */
    public record Cell(String text, String href, boolean numeric) {

        public static Cell text(String text) {
            return new Cell(text == null ? "" : text, null, false);
        }

        public static Cell number(String text) {
            return new Cell(text, null, true);
        }

        public static Cell link(String text, String href) {
            return new Cell(text, href, false);
        }
    }
}
