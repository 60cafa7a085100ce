package dev.aigate.dashboard;

import dev.aigate.lifecycle.LifecycleMetrics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the dashboard's figures into the tables the page shows and the CSV exports. Pure. */
public final class DashboardTables {

    public static final String SHARE = "share";
    public static final String WAIT = "review-wait";
    public static final String OUTCOMES = "outcomes";
    public static final String OVERRIDES = "overrides";
    public static final String BLOCKERS = "blocking-requirements";
    public static final String NO_POLICY = "repositories-without-policy";
    public static final String WAITING = "waiting-longest";
    public static final String UNDER_APPROVED = "agent-merged-under-approved";
    public static final String REPOSITORIES = "repositories";

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern SAFE_REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");

    private DashboardTables() {
    }

    /** The classes in the order every table and chart lists them. */
    public static List<String> classOrder() {
        return LifecycleMetrics.classes();
    }

    /** The classes that appear in {@code present}, in {@link #classOrder()}. */
    static List<String> ordered(Set<String> present) {
        List<String> out = new ArrayList<>();
        for (String c : classOrder()) {
            if (present.contains(c)) {
                out.add(c);
            }
        }
        present.stream().filter(c -> !out.contains(c)).sorted().forEach(out::add);
        return out;
    }

    public static List<Table> all(DashboardData d, Instant now) {
        return List.of(share(d), waits(d), outcomes(d), overrides(d), blockers(d), withoutPolicy(d), waiting(d, now),
                underApproved(d), repositories(d));
    }

    /** Every bucket of the window, oldest first, whether or not a pull request was opened in it. */
    static List<Instant> buckets(DashboardData.Window w) {
        List<Instant> out = new ArrayList<>();
        for (Instant b = w.since(); b.isBefore(w.until()); b = b.plusMillis(w.bucketMillis())) {
            out.add(b);
        }
        return out;
    }

    /** bucket start → class → pull requests. */
    static Map<Instant, Map<String, Integer>> shareGrid(DashboardData d) {
        Map<Instant, Map<String, Integer>> grid = new LinkedHashMap<>();
        for (Instant b : buckets(d.window())) {
            grid.put(b, new LinkedHashMap<>());
        }
        for (DashboardData.ShareBucket s : d.share()) {
            grid.computeIfAbsent(s.start(), k -> new LinkedHashMap<>()).merge(s.provenanceClass(), s.prs(), Integer::sum);
        }
        return grid;
    }

    static List<String> shareClasses(DashboardData d) {
        Set<String> present = new LinkedHashSet<>();
        d.share().forEach(s -> present.add(s.provenanceClass()));
        return ordered(present);
    }

    static Table share(DashboardData d) {
        List<String> classes = shareClasses(d);
        List<String> headers = new ArrayList<>(List.of("period starting"));
        headers.addAll(classes);
        headers.addAll(List.of("total", "AI share %"));
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (Map.Entry<Instant, Map<String, Integer>> e : shareGrid(d).entrySet()) {
            List<Table.Cell> row = new ArrayList<>(List.of(Table.Cell.text(DAY.format(e.getKey()))));
            int total = 0;
            int ai = 0;
            for (String c : classes) {
                int n = e.getValue().getOrDefault(c, 0);
                total += n;
                ai += DashboardQueries.AI_CLASSES.contains(c) ? n : 0;
                row.add(Table.Cell.number(Integer.toString(n)));
            }
            row.add(Table.Cell.number(Integer.toString(total)));
            row.add(Table.Cell.number(percent(ai, total)));
            rows.add(row);
        }
        return new Table(SHARE, "Pull requests opened, by provenance class", headers, rows);
    }

    static Table waits(DashboardData d) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (DashboardData.Wait w : sortedWaits(d)) {
            rows.add(List.of(Table.Cell.text(w.provenanceClass()), Table.Cell.number(Integer.toString(w.approved())),
                    Table.Cell.number(hours(w.approvalMedian())), Table.Cell.number(hours(w.approvalP90())),
                    Table.Cell.number(Integer.toString(w.merged())), Table.Cell.number(hours(w.mergeMedian())),
                    Table.Cell.number(hours(w.mergeP90()))));
        }
        return new Table(WAIT, "Review wait, in hours from ready for review", List.of("class", "approved",
                "to first counted approval: median h", "p90 h", "merged", "to merge: median h", "p90 h"), rows);
    }

    static List<DashboardData.Wait> sortedWaits(DashboardData d) {
        Map<String, DashboardData.Wait> by = new LinkedHashMap<>();
        d.waits().forEach(w -> by.put(w.provenanceClass(), w));
        return ordered(by.keySet()).stream().map(by::get).toList();
    }

    /** class → outcome → pull requests. */
    static Map<String, Map<String, Integer>> outcomeGrid(DashboardData d) {
        Set<String> present = new LinkedHashSet<>();
        d.outcomes().forEach(o -> present.add(o.provenanceClass()));
        Map<String, Map<String, Integer>> grid = new LinkedHashMap<>();
        for (String c : ordered(present)) {
            grid.put(c, new LinkedHashMap<>());
        }
        d.outcomes().forEach(o -> grid.get(o.provenanceClass()).merge(o.outcome(), o.prs(), Integer::sum));
        return grid;
    }

    static Table outcomes(DashboardData d) {
        List<String> headers = new ArrayList<>(List.of("class"));
        DashboardQueries.OUTCOMES.forEach(o -> headers.add(o.replace('_', ' ')));
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : outcomeGrid(d).entrySet()) {
            List<Table.Cell> row = new ArrayList<>(List.of(Table.Cell.text(e.getKey())));
            DashboardQueries.OUTCOMES.forEach(o -> row.add(Table.Cell.number(Integer.toString(e.getValue().getOrDefault(o, 0)))));
            rows.add(row);
        }
        return new Table(OUTCOMES, "Gate outcomes of the pull requests opened in the window", headers, rows);
    }

    static Table overrides(DashboardData d) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (DashboardData.Override o : d.overrides()) {
            rows.add(List.of(Table.Cell.text(MINUTE.format(o.at())), pr(o.repo(), o.pr()),
                    Table.Cell.text(o.provenanceClass() == null ? LifecycleMetrics.UNCLASSIFIED : o.provenanceClass()),
                    Table.Cell.text(o.actor()), Table.Cell.text(o.reason()),
                    Table.Cell.text(o.headSha() == null ? "" : o.headSha().substring(0, Math.min(7, o.headSha().length())))));
        }
        return new Table(OVERRIDES, "Overrides, newest first", List.of("when (UTC)", "pull request", "class", "who",
                "why", "head"), rows);
    }

    static Table blockers(DashboardData d) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (DashboardData.Blocker b : d.blockers()) {
            rows.add(List.of(Table.Cell.text(b.rule()), Table.Cell.text(b.requirement()),
                    Table.Cell.number(Integer.toString(b.prs()))));
        }
        return new Table(BLOCKERS, "Requirements that block most often", List.of("rule", "requirement",
                "pull requests blocked"), rows);
    }

    static Table withoutPolicy(DashboardData d) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (DashboardData.RepoPolicy r : d.withoutPolicy()) {
            rows.add(List.of(Table.Cell.text(r.repo()), Table.Cell.text(policyText(r.source())),
                    Table.Cell.text(MINUTE.format(r.lastEvaluated()))));
        }
        return new Table(NO_POLICY, "Repositories without a policy of their own or of the organisation",
                List.of("repository", "what applied", "last evaluated (UTC)"), rows);
    }

    static Table waiting(DashboardData d, Instant now) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (DashboardData.Waiting w : d.waiting()) {
            rows.add(List.of(pr(w.repo(), w.pr()), Table.Cell.text(w.author()), Table.Cell.text(w.provenanceClass()),
                    Table.Cell.text(MINUTE.format(w.readySince())),
                    Table.Cell.number(hours((double) Duration.between(w.readySince(), now).toMillis())),
                    Table.Cell.number(w.approvalsCounted() + " of " + w.approvalsRequired()),
                    Table.Cell.text(w.lastConclusion() == null ? "not evaluated" : w.lastConclusion())));
        }
        return new Table(WAITING, "Open pull requests waiting longest for an approval that counts",
                List.of("pull request", "author", "class", "ready since (UTC)", "waiting h", "approvals", "gate"), rows);
    }

    static Table underApproved(DashboardData d) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (DashboardData.UnderApproved u : d.underApproved()) {
            rows.add(List.of(pr(u.repo(), u.pr()), Table.Cell.text(u.author()), Table.Cell.text(MINUTE.format(u.mergedAt())),
                    Table.Cell.number(u.approvalsCounted() + " of " + u.approvalsRequired()),
                    Table.Cell.text(u.overridden() ? "yes" : "no"),
                    Table.Cell.text(u.lastConclusion() == null ? "" : u.lastConclusion())));
        }
        return new Table(UNDER_APPROVED, "Agent pull requests merged with fewer approvals than the policy asks",
                List.of("pull request", "author", "merged (UTC)", "approvals", "overridden", "gate at merge"), rows);
    }

    static Table repositories(DashboardData d) {
        List<List<Table.Cell>> rows = new ArrayList<>();
        for (DashboardData.RepoRow r : d.repositories()) {
            rows.add(List.of(Table.Cell.text(r.repo()), Table.Cell.number(Integer.toString(r.prs())),
                    Table.Cell.number(Integer.toString(r.ai())), Table.Cell.number(percent(r.ai(), r.prs())),
                    Table.Cell.number(hours(r.approvalMedian())), Table.Cell.number(hours(r.mergeMedian())),
                    Table.Cell.number(Integer.toString(r.blocked())), Table.Cell.number(Integer.toString(r.overridden()))));
        }
        return new Table(REPOSITORIES, "Per repository", List.of("repository", "pull requests", "AI-made",
                "AI share %", "median h to first counted approval", "median h to merge", "blocked", "overridden"), rows);
    }

    static String policyText(String source) {
        return switch (source) {
            case "server_default" -> "the server's default policy";
            case "none" -> "no policy";
            case "invalid" -> "a policy that does not load";
            default -> source;
        };
    }

    /** A pull request, linked to ai-gate's own details page when its name is one GitHub allows. */
    static Table.Cell pr(String repo, int number) {
        String text = repo + "#" + number;
        if (repo == null || !SAFE_REPO.matcher(repo).matches() || repo.endsWith("/.") || repo.endsWith("/..")) {
            return Table.Cell.text(text);
        }
        int slash = repo.indexOf('/');
        return Table.Cell.link(text, "/pulls/" + enc(repo.substring(0, slash)) + "/" + enc(repo.substring(slash + 1))
                + "/" + number);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String percent(int part, int whole) {
        return whole == 0 ? "0.0" : String.format(Locale.ROOT, "%.1f", 100.0 * part / whole);
    }

    /** Milliseconds as hours with one decimal; a dash when there is no figure. */
    static String hours(Double millis) {
        return millis == null ? "–" : String.format(Locale.ROOT, "%.1f", millis / 3_600_000.0);
    }
}
