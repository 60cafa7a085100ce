package dev.aigate.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard as HTML: charts (inline SVG, {@link SvgCharts}) over the same {@link Table}s the CSV exports. Every
 * value is escaped; the only links are ai-gate's own pages, built here from validated names.
 */
final class DashboardPage {

    static final List<Integer> WINDOWS = List.of(7, 30, 90);
    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1c2833}"
            + "header{background:#1c2833;color:#fff;padding:10px 24px}header a{color:#d6eaf8}"
            + "main{padding:12px 24px;max-width:1100px}section{margin:18px 0 28px}"
            + "h1{font-size:20px;margin:0}h2{font-size:16px;margin:0 0 6px}"
            + "table{border-collapse:collapse;margin-top:8px;font-size:13px}"
            + "th,td{border:1px solid #d5d8dc;padding:3px 8px;text-align:left;vertical-align:top}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f6f6}"
            + "nav a,nav strong{margin-right:10px}.muted{color:#626567}.csv{font-size:12px;margin-left:8px}"
            + "details{margin-top:4px}";

    private DashboardPage() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><style>" + STYLE
                + "</style></head><body><header><h1><a href=\"/\">ai-gate</a> · " + Html.escape(title)
                + "</h1></header><main>" + body + "</main></body></html>";
    }

    static String dashboard(DashboardData d, List<Table> tables, Instant now, String orgDisplay) {
        DashboardData.Window w = d.window();
        String base = "/orgs/" + DashboardTables.enc(orgDisplay);
        String repoParam = w.repo() == null ? "" : "&repo=" + DashboardTables.enc(w.repo());
        StringBuilder b = new StringBuilder();
        b.append("<nav id=\"windows\">Window: ");
        for (int days : WINDOWS) {
            if (days == w.days()) {
                b.append("<strong>").append(days).append(" days</strong>");
            } else {
                b.append("<a href=\"").append(Html.escape(base + "?days=" + days + repoParam)).append("\">").append(days)
                        .append(" days</a>");
            }
        }
        b.append("<a class=\"csv\" id=\"csv-all\" href=\"").append(Html.escape(base + "?days=" + w.days() + repoParam
                + "&format=csv")).append("\">all figures as CSV</a></nav>");
        b.append("<form method=\"get\" action=\"").append(Html.escape(base)).append("\"><input type=\"hidden\" name=\"days\" value=\"")
                .append(w.days()).append("\"><label>Repository <select name=\"repo\"><option value=\"\">all repositories</option>");
        for (String r : d.knownRepositories()) {
            b.append("<option value=\"").append(Html.escape(r)).append('"').append(r.equals(w.repo()) ? " selected" : "")
                    .append('>').append(Html.escape(r)).append("</option>");
        }
        b.append("</select></label> <button type=\"submit\">Show</button></form>");
        b.append("<p class=\"muted\" id=\"summary\">").append(Html.escape(summary(d))).append(" From ")
                .append(DashboardTables.MINUTE.format(w.since())).append(" to ").append(DashboardTables.MINUTE.format(now))
                .append(" UTC.</p>");

        Map<String, Table> byId = new java.util.LinkedHashMap<>();
        tables.forEach(t -> byId.put(t.id(), t));
        section(b, byId.get(DashboardTables.SHARE), shareChart(d), base, w, repoParam);
        section(b, byId.get(DashboardTables.WAIT), waitCharts(d), base, w, repoParam);
        section(b, byId.get(DashboardTables.OUTCOMES), outcomeChart(d), base, w, repoParam);
        section(b, byId.get(DashboardTables.BLOCKERS), blockerChart(d), base, w, repoParam);
        for (String id : List.of(DashboardTables.UNDER_APPROVED, DashboardTables.OVERRIDES, DashboardTables.WAITING,
                DashboardTables.NO_POLICY, DashboardTables.REPOSITORIES)) {
            section(b, byId.get(id), "", base, w, repoParam);
        }
        String title = orgDisplay + (w.repo() == null ? "" : " · " + w.repo()) + " · last " + w.days() + " days";
        return page(title, b.toString());
    }

    private static String summary(DashboardData d) {
        int total = 0;
        int ai = 0;
        for (DashboardData.ShareBucket s : d.share()) {
            total += s.prs();
            ai += DashboardQueries.AI_CLASSES.contains(s.provenanceClass()) ? s.prs() : 0;
        }
        return total + " pull requests opened, " + DashboardTables.percent(ai, total)
                + "% of them AI-made (agent, assisted, declared or suspected).";
    }

    private static void section(StringBuilder b, Table t, String chart, String base, DashboardData.Window w,
                                String repoParam) {
        b.append("<section id=\"").append(Html.escape(t.id())).append("\"><h2>").append(Html.escape(t.title()))
                .append("<a class=\"csv\" href=\"").append(Html.escape(base + "?days=" + w.days() + repoParam
                        + "&format=csv&table=" + t.id())).append("\">CSV</a></h2>").append(chart);
        if (t.rows().isEmpty()) {
            b.append("<p class=\"muted empty\">None in this window.</p></section>");
            return;
        }
        b.append("<table data-table=\"").append(Html.escape(t.id())).append("\"><thead><tr>");
        for (String h : t.headers()) {
            b.append("<th>").append(Html.escape(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<Table.Cell> row : t.rows()) {
            b.append("<tr>");
            for (Table.Cell c : row) {
                b.append(c.numeric() ? "<td class=\"n\">" : "<td>");
                if (c.href() != null) {
                    b.append("<a href=\"").append(Html.escape(c.href())).append("\">").append(Html.escape(c.text())).append("</a>");
                } else {
                    b.append(Html.escape(c.text()));
                }
                b.append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></section>");
    }

    private static String shareChart(DashboardData d) {
        Map<Instant, Map<String, Integer>> grid = DashboardTables.shareGrid(d);
        List<String> classes = DashboardTables.shareClasses(d);
        List<String> categories = new ArrayList<>();
        double[][] values = new double[grid.size()][classes.size()];
        int i = 0;
        for (Map.Entry<Instant, Map<String, Integer>> e : grid.entrySet()) {
            categories.add(DashboardTables.DAY.format(e.getKey()));
            for (int s = 0; s < classes.size(); s++) {
                values[i][s] = e.getValue().getOrDefault(classes.get(s), 0);
            }
            i++;
        }
        return SvgCharts.bars(DashboardTables.SHARE, "Pull requests opened per period, by class", categories, classes,
                values, true, "pull requests");
    }

    private static String waitCharts(DashboardData d) {
        List<DashboardData.Wait> waits = DashboardTables.sortedWaits(d);
        List<String> classes = waits.stream().map(DashboardData.Wait::provenanceClass).toList();
        double[][] approval = new double[waits.size()][2];
        double[][] merge = new double[waits.size()][2];
        for (int i = 0; i < waits.size(); i++) {
            DashboardData.Wait w = waits.get(i);
            approval[i] = new double[] {hours(w.approvalMedian()), hours(w.approvalP90())};
            merge[i] = new double[] {hours(w.mergeMedian()), hours(w.mergeP90())};
        }
        return SvgCharts.bars("wait-approval", "Hours from ready for review to the first approval that counted",
                classes, List.of("median", "p90"), approval, false, "hours to first counted approval")
                + SvgCharts.bars("wait-merge", "Hours from ready for review to merge", classes, List.of("median", "p90"),
                merge, false, "hours to merge");
    }

    private static String outcomeChart(DashboardData d) {
        Map<String, Map<String, Integer>> grid = DashboardTables.outcomeGrid(d);
        List<String> classes = new ArrayList<>(grid.keySet());
        List<String> outcomes = DashboardQueries.OUTCOMES;
        double[][] values = new double[classes.size()][outcomes.size()];
        for (int c = 0; c < classes.size(); c++) {
            for (int o = 0; o < outcomes.size(); o++) {
                values[c][o] = grid.get(classes.get(c)).getOrDefault(outcomes.get(o), 0);
            }
        }
        return SvgCharts.bars(DashboardTables.OUTCOMES, "Gate outcomes by class", classes, outcomes, values, true,
                "pull requests");
    }

    private static String blockerChart(DashboardData d) {
        List<String> categories = d.blockers().stream().map(b -> b.rule() + " · " + b.requirement()).toList();
        double[][] values = new double[categories.size()][1];
        for (int i = 0; i < categories.size(); i++) {
            values[i][0] = d.blockers().get(i).prs();
        }
        return SvgCharts.bars(DashboardTables.BLOCKERS, "Requirements that block most often", categories,
                List.of("pull requests"), values, false, "pull requests blocked");
    }

    private static double hours(Double millis) {
        return millis == null ? 0 : Math.round(millis / 360_000.0) / 10.0;
    }

    /** {@code GET /}: the organisations this visitor may see, and the App's state for an operator. */
    static String home(List<String> orgs, String runningNotice, String signIn) {
        StringBuilder b = new StringBuilder();
        if (!orgs.isEmpty()) {
            b.append("<h2>Organisations</h2><ul id=\"organisations\">");
            for (String org : orgs) {
                b.append("<li><a href=\"/orgs/").append(Html.escape(DashboardTables.enc(org))).append("\">")
                        .append(Html.escape(org)).append("</a></li>");
            }
            b.append("</ul>");
        } else if (signIn != null) {
            b.append("<p><a id=\"sign-in\" href=\"").append(Html.escape(signIn))
                    .append("\">Sign in with GitHub</a> to see your organisation's dashboard.</p>");
        } else {
            b.append("<p>No organisation dashboard to show you yet: ai-gate shows one for each organisation it has"
                    + " evaluated pull requests of, to its members.</p>");
        }
        // Built by SetupController from the App's own settings, already escaped.
        b.append("<div class=\"muted\" id=\"app\">").append(runningNotice).append("</div>");
        return page("ai-gate is running", b.toString());
    }
}
