package dev.aigate.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bar charts drawn on the server as inline SVG: no script, no chart library, nothing fetched, so the page works under
 * a {@code default-src 'none'} policy and reads the same in any browser. Every bar carries its figures as
 * {@code data-category}, {@code data-series} and {@code data-value}, and a {@code <title>} a pointer shows.
 */
final class SvgCharts {

    static final Map<String, String> COLOURS = Map.ofEntries(Map.entry("agent", "#c0392b"), Map.entry("assisted", "#e67e22"),
            Map.entry("declared", "#8e44ad"), Map.entry("suspected", "#b7950b"), Map.entry("automation", "#7f8c8d"),
            Map.entry("none", "#2471a3"), Map.entry("unclassified", "#bdc3c7"),
            Map.entry("median", "#2e86c1"), Map.entry("p90", "#85c1e9"),
            Map.entry("closed_unmerged", "#95a5a6"), Map.entry("overridden", "#d35400"),
            Map.entry("merged_while_blocked", "#922b21"), Map.entry("blocked_then_passed", "#f4d03f"),
            Map.entry("blocked", "#e74c3c"), Map.entry("passed_first_time", "#27ae60"),
            Map.entry("not_evaluated", "#d5dbdb"), Map.entry("pull requests", "#5d6d7e"));
    private static final String[] SPARE = {"#1abc9c", "#34495e", "#f39c12", "#16a085"};
    private static final int W = 720;
    private static final int H = 260;
    private static final int LEFT = 48;
    private static final int BOTTOM = 56;
    private static final int TOP = 12;
    private static final int LEGEND = 150;

    private SvgCharts() {
    }

    /**
     * Vertical bars: one group per category, one bar per series side by side, or stacked.
     *
     * @param values values[category][series]
     */
    static String bars(String id, String title, List<String> categories, List<String> series, double[][] values,
                       boolean stacked, String unit) {
        double max = 0;
        for (double[] row : values) {
            double sum = 0;
            for (double v : row) {
                max = Math.max(max, v);
                sum += v;
            }
            if (stacked) {
                max = Math.max(max, sum);
            }
        }
        double top = niceCeiling(max);
        int plotW = W - LEFT - LEGEND;
        int plotH = H - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" id=\"chart-").append(Html.escape(id)).append("\" role=\"img\" viewBox=\"0 0 ")
                .append(W).append(' ').append(H).append("\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\"><title>").append(Html.escape(title)).append("</title>");
        for (int t = 0; t <= 4; t++) {
            double v = top * t / 4;
            double y = TOP + plotH - plotH * t / 4.0;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\" stroke=\"#e5e8e8\"/>");
            svg.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"10\">").append(Html.escape(label(v))).append("</text>");
        }
        svg.append("<text x=\"4\" y=\"").append(TOP + 8).append("\" font-size=\"10\" fill=\"#555\">")
                .append(Html.escape(unit)).append("</text>");
        int n = Math.max(1, categories.size());
        double slot = (double) plotW / n;
        double groupW = slot * 0.8;
        int labelEvery = Math.max(1, (int) Math.ceil(n / 16.0));
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + slot * c + slot * 0.1;
            double base = TOP + plotH;
            for (int s = 0; s < series.size(); s++) {
                double v = values[c][s];
                double h = top == 0 ? 0 : plotH * v / top;
                double x;
                double w;
                double y;
                if (stacked) {
                    x = x0;
                    w = groupW;
                    y = base - h;
                    base = y;
                } else {
                    w = groupW / series.size();
                    x = x0 + w * s;
                    y = TOP + plotH - h;
                }
                svg.append("<rect class=\"bar\" data-category=\"").append(Html.escape(categories.get(c)))
                        .append("\" data-series=\"").append(Html.escape(series.get(s))).append("\" data-value=\"")
                        .append(Html.escape(label(v))).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
                        .append("\" width=\"").append(f(Math.max(0.5, w - 1))).append("\" height=\"").append(f(h))
                        .append("\" fill=\"").append(colour(series.get(s), s)).append("\"><title>")
                        .append(Html.escape(categories.get(c) + " · " + series.get(s) + ": " + label(v) + " " + unit))
                        .append("</title></rect>");
            }
            if (c % labelEvery == 0) {
                double lx = x0 + groupW / 2;
                svg.append("<text x=\"").append(f(lx)).append("\" y=\"").append(TOP + plotH + 14)
                        .append("\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-35 ").append(f(lx)).append(' ')
                        .append(TOP + plotH + 14).append(")\">").append(Html.escape(shorten(categories.get(c))))
                        .append("</text>");
            }
        }
        for (int s = 0; s < series.size(); s++) {
            int y = TOP + 6 + s * 16;
            svg.append("<rect x=\"").append(W - LEGEND + 10).append("\" y=\"").append(y).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(colour(series.get(s), s)).append("\"/><text class=\"legend\" x=\"").append(W - LEGEND + 26)
                    .append("\" y=\"").append(y + 9).append("\" font-size=\"11\">").append(Html.escape(series.get(s).replace('_', ' ')))
                    .append("</text>");
        }
        if (categories.isEmpty()) {
            svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#777\">no data in this window</text>");
        }
        return svg.append("</svg>").toString();
    }

    static String colour(String series, int index) {
        String c = COLOURS.get(series);
        return c != null ? c : SPARE[index % SPARE.length];
    }

    private static String shorten(String s) {
        return s.length() <= 24 ? s : s.substring(0, 23) + "…";
    }

    /** The top of the axis: four ticks of a round step (1, 2, 2.5 or 5 times a power of ten) that reach {@code max}. */
    static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double quarter = max / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(quarter)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= quarter) {
                return 4 * step * magnitude;
            }
        }
        return 40 * magnitude;
    }

    /** A figure as the charts print it: whole numbers without decimals, others with one. */
    static String label(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
