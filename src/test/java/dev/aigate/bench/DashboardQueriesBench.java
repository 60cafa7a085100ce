package dev.aigate.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.aigate.dashboard.DashboardData;
import dev.aigate.dashboard.DashboardQueries;
import dev.aigate.lifecycle.LifecycleEvent;
import dev.aigate.lifecycle.LifecycleStore;
import dev.aigate.store.Migrations;
import dev.aigate.store.StoreFactory;
import dev.aigate.store.StoreSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Times every dashboard query on a large embedded store: 1,000,000 decisions and 100,000 pull requests (with their
 * lifecycle events, blockers and overrides) over 180 days, 60% of them in the largest organisation, spread over
 * 200 repositories. Prints the median and the slowest of 20 runs ({@code -Druns}, after {@code -Dwarm} 5) per query
 * and window, and what recording one
 * lifecycle step at ingress costs on that store.
 *
 * <pre>bench/dashboard-queries.sh [DIR]</pre> DIR keeps the seeded store for another run (seeded when empty).
 */
public final class DashboardQueriesBench {

    static final int DECISIONS = Integer.getInteger("decisions", 1_000_000);
    static final int PULLS = Integer.getInteger("pulls", 100_000);
    static final String[] CLASSES = {"none", "none", "none", "agent", "assisted", "declared", "suspected", "automation", "none", "agent"};
    static final Duration DAY = Duration.ofDays(1);
    static final int WARM = Integer.getInteger("warm", 5);
    static final int RUNS = Integer.getInteger("runs", 20);

    private DashboardQueriesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("aigate-dashboard-bench");
        Files.createDirectories(dir);
        Instant now = Instant.now();
        // -Dh2options=";CACHE_SIZE=1024" adds H2 settings to the embedded store's URL, to time the queries with them.
        // Without it the store is opened exactly as the server opens it; with it, as the same user, so either way
        // works on a store the other seeded.
        StoreSettings embedded = new StoreSettings("", "", "", dir, 4);
        String options = System.getProperty("h2options", "");
        StoreSettings settings = options.isEmpty() ? embedded
                : new StoreSettings(embedded.jdbcUrl() + options, "sa", "", dir, 4);
        try (HikariDataSource ds = StoreFactory.open(settings)) {
            Migrations.migrate(ds);
            if (count(ds, "SELECT COUNT(*) FROM aigate_pull_request") == 0) {
                long t0 = System.nanoTime();
                seed(ds, now);
                System.out.printf("seeded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("store: %,d decisions, %,d pull requests, %,d events, %,d overrides, %,d blockers%n",
                    count(ds, "SELECT COUNT(*) FROM aigate_decision"), count(ds, "SELECT COUNT(*) FROM aigate_pull_request"),
                    count(ds, "SELECT COUNT(*) FROM aigate_pr_event"), count(ds, "SELECT COUNT(*) FROM aigate_override"),
                    count(ds, "SELECT COUNT(*) FROM aigate_pr_block"));
            DashboardQueries q = new DashboardQueries(ds);
            Map<String, Function<DashboardData.Window, ?>> queries = new LinkedHashMap<>();
            queries.put("share", q::share);
            queries.put("waits", q::waits);
            queries.put("outcomes", q::outcomes);
            queries.put("overrides", q::overrides);
            queries.put("blockers", q::blockers);
            queries.put("withoutPolicy", q::withoutPolicy);
            queries.put("waiting", q::waiting);
            queries.put("underApproved", q::underApproved);
            queries.put("repositories", q::repositories);
            queries.put("knownRepositories", w -> q.knownRepositories(w.owner()));
            queries.put("owners", w -> q.owners(200));
            System.out.printf("query               window   rows-in-window  median ms  max ms  (%d runs after %d warm-up)%n", RUNS, WARM);
            double worst = 0;
            for (String repo : new String[] {null, "acme/repo-7"}) {
                for (int days : new int[] {7, 30, 90}) {
                    DashboardData.Window w = window("acme", days, repo, now);
                    long inWindow = count(ds, "SELECT COUNT(*) FROM aigate_pull_request WHERE owner = 'acme' AND opened_at >= "
                            + w.since().toEpochMilli() + (repo == null ? "" : " AND repo = '" + repo + "'"));
                    for (Map.Entry<String, Function<DashboardData.Window, ?>> e : queries.entrySet()) {
                        double[] ms = time(i -> e.getValue().apply(later(w, i)), WARM, RUNS);
                        worst = Math.max(worst, ms[1]);
                        System.out.printf("%-19s %3dd%s %,10d  %9.1f  %6.1f%n", e.getKey(), days, repo == null ? "       " : " 1 repo",
                                inWindow, ms[0], ms[1]);
                    }
                    double[] page = time(i -> q.read(later(w, 1000 + i)), Math.min(2, WARM), Math.max(1, RUNS / 2));
                    System.out.printf("%-19s %3dd%s %,10d  %9.1f  %6.1f%n", "WHOLE PAGE", days, repo == null ? "       " : " 1 repo",
                            inWindow, page[0], page[1]);
                }
            }
            System.out.printf("slowest single query: %.1f ms%n", worst);
            LifecycleStore store = new LifecycleStore(ds);
            long[] nanos = new long[2000];
            for (int i = 0; i < nanos.length; i++) {
                Instant at = Instant.now();
                long t0 = System.nanoTime();
                // In an organisation of its own, so that a later run over the same store reads the same figures.
                store.record(new LifecycleEvent("bench-" + now.toEpochMilli() + "-" + i, "ingress-bench/repo-" + (i % 200),
                        (int) (now.toEpochMilli() / 1000 % 1_000_000) * 2000 + i, "opened", "someone", null, at, at,
                        "someone", at, false));
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf("ingress: recording one lifecycle step: median %.2f ms, p99 %.2f ms (%d steps)%n",
                    nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6, nanos.length);
        }
    }

    static DashboardData.Window later(DashboardData.Window w, int millis) {
        return new DashboardData.Window(w.owner(), w.since(), w.until().plusMillis(millis), w.bucketMillis(), w.days(), w.repo());
    }

    static DashboardData.Window window(String owner, int days, String repo, Instant now) {
        Instant since = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
        return new DashboardData.Window(owner, since, now, (days > 30 ? Duration.ofDays(7) : DAY).toMillis(), days, repo);
    }

    /**
     * Runs {@code r} with a window ending one millisecond later each time: H2 hands back a query's previous result
     * when its parameters and tables are unchanged, and a real page always asks with a new "now".
     */
    static double[] time(java.util.function.IntConsumer r, int warm, int runs) {
        for (int i = 0; i < warm; i++) {
            r.accept(i);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.accept(warm + i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], ms[runs - 1]};
    }

    static void seed(HikariDataSource ds, Instant now) throws Exception {
        Random rnd = new Random(42);
        long start = now.minus(Duration.ofDays(180)).toEpochMilli();
        long span = Duration.ofDays(180).toMillis();
        List<String> repos = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement pr = c.prepareStatement("INSERT INTO aigate_pull_request (repo, pr_number, owner, author,"
                    + " draft, state, state_at, opened_at, ready_at, merged_at, closed_at, first_approval_at, provenance_class,"
                    + " first_conclusion, last_conclusion, ever_blocked, overridden, evaluations, approvals_counted,"
                    + " approvals_required, approvals_unmet, policy_source, last_evaluated_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement ev = c.prepareStatement("INSERT INTO aigate_pr_event (delivery_id, owner, repo, pr_number,"
                         + " kind, actor, review_state, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement bl = c.prepareStatement("INSERT INTO aigate_pr_block (repo, pr_number, rule_name,"
                         + " requirement, owner, blocked_at) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement ov = c.prepareStatement("INSERT INTO aigate_override (repo, pr_number, head_sha, actor,"
                         + " reason, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                int[] numbers = new int[400];
                for (int i = 0; i < PULLS; i++) {
                    // 60% in acme's 200 repositories, the rest in 40 other organisations of 5 each.
                    int repoIndex = rnd.nextInt(10) < 6 ? rnd.nextInt(200) : 200 + rnd.nextInt(200);
                    String repo = repoName(repoIndex);
                    int number = ++numbers[repoIndex];
                    String owner = LifecycleEvent.ownerOf(repo);
                    String cls = CLASSES[rnd.nextInt(CLASSES.length)];
                    long opened = start + (long) (rnd.nextDouble() * span);
                    boolean blocked = rnd.nextInt(4) == 0;
                    boolean overridden = blocked && rnd.nextInt(10) == 0;
                    long approval = opened + (long) (rnd.nextDouble() * rnd.nextDouble() * 3 * DAY.toMillis());
                    boolean approved = approval < now.toEpochMilli() && rnd.nextInt(10) < 8;
                    int end = rnd.nextInt(10);
                    String state = end < 7 ? "merged" : end < 8 ? "closed" : "open";
                    long closed = Math.min(now.toEpochMilli() - 1, (approved ? approval : opened) + (long) (rnd.nextDouble() * DAY.toMillis()));
                    int p = 1;
                    pr.setString(p++, repo);
                    pr.setInt(p++, number);
                    pr.setString(p++, owner);
                    pr.setString(p++, "user" + rnd.nextInt(500));
                    pr.setString(p++, state);
                    pr.setLong(p++, state.equals("open") ? opened : closed);
                    pr.setLong(p++, opened);
                    pr.setLong(p++, opened);
                    pr.setObject(p++, state.equals("merged") ? closed : null);
                    pr.setObject(p++, state.equals("open") ? null : closed);
                    pr.setObject(p++, approved ? approval : null);
                    pr.setString(p++, cls);
                    pr.setString(p++, blocked ? "action_required" : "success");
                    pr.setString(p++, blocked && rnd.nextBoolean() ? "failure" : "success");
                    pr.setBoolean(p++, blocked);
                    pr.setBoolean(p++, overridden);
                    pr.setInt(p++, 10);
                    pr.setInt(p++, approved ? 1 : 0);
                    pr.setInt(p++, cls.equals("agent") ? 2 : 1);
                    pr.setBoolean(p++, !approved || cls.equals("agent") && rnd.nextInt(20) == 0);
                    pr.setString(p++, repoIndex % 17 == 0 ? "server_default" : "repository");
                    pr.setLong(p++, closed);
                    pr.setLong(p++, closed);
                    pr.addBatch();
                    for (int k = 0; k < 3; k++) {
                        ev.setString(1, "seed-" + i + "-" + k);
                        ev.setString(2, owner);
                        ev.setString(3, repo);
                        ev.setInt(4, number);
                        ev.setString(5, k == 0 ? "opened" : k == 1 ? "review" : state.equals("open") ? "ready_for_review" : state);
                        ev.setString(6, "user" + rnd.nextInt(500));
                        ev.setString(7, k == 1 ? "approved" : null);
                        ev.setLong(8, k == 0 ? opened : k == 1 ? approval : closed);
                        ev.setLong(9, k == 0 ? opened : k == 1 ? approval : closed);
                        ev.addBatch();
                    }
                    if (blocked) {
                        bl.setString(1, repo);
                        bl.setInt(2, number);
                        bl.setString(3, "rule " + rnd.nextInt(8));
                        bl.setString(4, new String[] {"approvals", "tests", "checks", "codeowners"}[rnd.nextInt(4)]);
                        bl.setString(5, owner);
                        bl.setLong(6, opened + 60_000);
                        bl.addBatch();
                    }
                    if (overridden) {
                        ov.setString(1, repo);
                        ov.setInt(2, number);
                        ov.setString(3, Long.toHexString(rnd.nextLong()));
                        ov.setString(4, "maintainer" + rnd.nextInt(20));
                        ov.setString(5, "hotfix, reviewed offline");
                        ov.setLong(6, opened + 120_000);
                        ov.addBatch();
                    }
                    if (i % 5000 == 4999) {
                        pr.executeBatch();
                        ev.executeBatch();
                        bl.executeBatch();
                        ov.executeBatch();
                        c.commit();
                    }
                }
                pr.executeBatch();
                ev.executeBatch();
                bl.executeBatch();
                ov.executeBatch();
                for (int r = 0; r < 400; r++) {
                    if (numbers[r] > 0) {
                        repos.add(repoName(r));
                    }
                }
                c.commit();
            }
            try (PreparedStatement rp = c.prepareStatement("INSERT INTO aigate_repository (repo, owner, policy_source,"
                    + " policy_location, last_evaluated_at) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM aigate_repository WHERE repo = ?)")) {
                for (int i = 0; i < repos.size(); i++) {
                    String repo = repos.get(i);
                    rp.setString(1, repo);
                    rp.setString(2, LifecycleEvent.ownerOf(repo));
                    rp.setString(3, i % 17 == 0 ? "server_default" : "repository");
                    rp.setString(4, repo + ":.github/ai-gate.yml");
                    rp.setLong(5, now.toEpochMilli());
                    rp.setString(6, repo);
                    rp.executeUpdate();
                }
            }
            c.commit();
            try (PreparedStatement d = c.prepareStatement("INSERT INTO aigate_decision (repo, pr_number, head_sha,"
                    + " installation_id, provenance_class, evidence, size_class, rule_results, conclusion, approvals_counted,"
                    + " overrides, timings, evaluated_at, policy_result, mode, would_conclusion)"
                    + " VALUES (?, ?, ?, 1, ?, '[]', 'small', ?, ?, 1, '[]', '{\"total\":120}', ?, NULL, 'enforce', ?)")) {
                String rules = "[{\"name\":\"agents need review\",\"applied\":true,\"status\":\"PENDING\",\"requirements\":[]}]";
                for (int i = 0; i < DECISIONS; i++) {
                    String repo = repos.get(rnd.nextInt(repos.size()));
                    String conclusion = rnd.nextInt(4) == 0 ? "action_required" : "success";
                    d.setString(1, repo);
                    d.setInt(2, 1 + rnd.nextInt(300));
                    d.setString(3, Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong()));
                    d.setString(4, CLASSES[rnd.nextInt(CLASSES.length)]);
                    d.setString(5, rules);
                    d.setString(6, conclusion);
                    d.setLong(7, start + (long) (rnd.nextDouble() * span));
                    d.setString(8, conclusion);
                    d.addBatch();
                    if (i % 5000 == 4999) {
                        d.executeBatch();
                        c.commit();
                    }
                }
                d.executeBatch();
                c.commit();
            }
        }
    }

    /** 0..199: acme's repositories; 200..399: 40 other organisations of 5 repositories each. */
    static String repoName(int index) {
        return index < 200 ? "acme/repo-" + index : "org" + ((index - 200) / 5) + "/r" + ((index - 200) % 5);
    }

    static long count(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
