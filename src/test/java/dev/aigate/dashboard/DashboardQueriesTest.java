package dev.aigate.dashboard;

import dev.aigate.lifecycle.Evaluated;
import dev.aigate.lifecycle.LifecycleEvent;
import dev.aigate.lifecycle.LifecycleStore;
import dev.aigate.store.JdbcDecisionLog;
import dev.aigate.store.OverrideRecord;
import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every dashboard query, on both stores, against a small organisation whose figures are worked out by hand. */
class DashboardQueriesTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Duration H = Duration.ofHours(1);
    private static final Duration D = Duration.ofDays(1);

    @TempDir
    Path temp;

    /** The seeded organisation, also used by the end-to-end and browser tests. */
    static void seed(DataSource ds, Instant now) {
        LifecycleStore store = new LifecycleStore(ds);
        Instant t1 = now.minus(D.multipliedBy(10));
        pr(store, "acme/app", 1, t1, "agent-bot");
        evaluate(store, "acme/app", 1, "agent", "failure", false, 0, 1, true, null, t1.plusSeconds(60), "repository");
        evaluate(store, "acme/app", 1, "agent", "success", false, 1, 1, false, t1.plus(H.multipliedBy(2)), t1.plus(H.multipliedBy(2)), "repository");
        close(store, "acme/app", 1, t1.plus(H.multipliedBy(4)), true);

        Instant t2 = now.minus(D.multipliedBy(5));
        pr(store, "acme/app", 2, t2, "carol");
        evaluate(store, "acme/app", 2, "none", "success", false, 1, 0, false, t2.plus(H), t2.plus(H), "repository");
        close(store, "acme/app", 2, t2.plus(H.multipliedBy(3)), true);
        pr(store, "acme/lib", 3, t2, "dave");
        evaluate(store, "acme/lib", 3, "none", "success", false, 1, 0, false, t2.plus(H.multipliedBy(3)), t2.plus(H.multipliedBy(3)), "organization");
        close(store, "acme/lib", 3, t2.plus(H.multipliedBy(5)), true);

        Instant t4 = now.minus(D.multipliedBy(2));
        pr(store, "acme/app", 4, t4, "Copilot");
        evaluate(store, "acme/app", 4, "agent", "failure", false, 0, 2, true, null, t4.plusSeconds(60), "repository");
        close(store, "acme/app", 4, now.minus(D), true);

        Instant t5 = now.minus(D);
        pr(store, "acme/app", 5, t5, "erin");
        evaluate(store, "acme/app", 5, "assisted", "success", true, 0, 1, true, null, t5.plusSeconds(60), "repository");
        new JdbcDecisionLog(ds).record(new OverrideRecord("acme/app", 5, "abc1234def", "maint",
                "=cmd|' /C calc'!A0 <b>hotfix</b>", t5.plus(H)));

        pr(store, "acme/nopolicy", 6, now.minus(D.multipliedBy(3)), "frank");
        evaluate(store, "acme/nopolicy", 6, "none", "success", false, 0, 0, false, null, now.minus(D.multipliedBy(3)), "server_default");
        close(store, "acme/nopolicy", 6, now.minus(D.multipliedBy(2)), false);

        pr(store, "other/x", 7, now.minus(D), "zed"); // another organisation
        pr(store, "acme/app", 8, now.minus(D.multipliedBy(60)), "old"); // before the window
    }

    private static void pr(LifecycleStore store, String repo, int n, Instant at, String author) {
        store.record(new LifecycleEvent("open-" + repo + n, repo, n, "opened", author, null, at, at, author, at, false));
    }

    private static void close(LifecycleStore store, String repo, int n, Instant at, boolean merged) {
        store.record(new LifecycleEvent("close-" + repo + n, repo, n, merged ? "merged" : "closed", "merger", null, at, at,
                null, null, false));
    }

    private static void evaluate(LifecycleStore store, String repo, int n, String cls, String conclusion, boolean overridden,
                                 int counted, int required, boolean unmet, Instant approval, Instant at, String source) {
        boolean blocked = conclusion.equals("failure");
        store.evaluated(new Evaluated(repo, n, null, null, false, cls, overridden ? "success" : conclusion,
                blocked && !overridden, overridden, counted, required, unmet, approval,
                blocked || overridden ? List.of(new Evaluated.Blocker("agents need review", "approvals")) : List.of(),
                source, source + " policy", at));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyFigureOfASeededOrganisation(String kind) throws Exception {
        try (var db = TestDatabases.open(kind, temp)) {
            seed(db.dataSource(), NOW);
            DashboardQueries q = new DashboardQueries(db.dataSource());
            DashboardData d = q.read(DashboardController.window("acme", 30, null, NOW));

            Map<String, Integer> share = d.share().stream().collect(Collectors.toMap(DashboardData.ShareBucket::provenanceClass,
                    DashboardData.ShareBucket::prs, Integer::sum));
            assertEquals(Map.of("agent", 2, "none", 3, "assisted", 1), share, "other/x and the 60-day-old one are left out");
            assertEquals(NOW.minus(D.multipliedBy(10)).truncatedTo(java.time.temporal.ChronoUnit.DAYS),
                    d.share().stream().filter(s -> s.provenanceClass().equals("agent")).map(DashboardData.ShareBucket::start)
                            .min(Instant::compareTo).orElseThrow(), "buckets are days starting at midnight UTC");

            Map<String, DashboardData.Wait> waits = d.waits().stream().collect(Collectors.toMap(DashboardData.Wait::provenanceClass, Function.identity()));
            DashboardData.Wait none = waits.get("none");
            assertEquals(2, none.approved());
            assertEquals(2.0, hours(none.approvalMedian()), 1e-9);
            assertEquals(2.8, hours(none.approvalP90()), 1e-9);
            assertEquals(3, none.merged() + 1, "two merged; the closed one is not");
            assertEquals(4.0, hours(none.mergeMedian()), 1e-9);
            assertEquals(4.8, hours(none.mergeP90()), 1e-9);
            DashboardData.Wait agent = waits.get("agent");
            assertEquals(1, agent.approved());
            assertEquals(2.0, hours(agent.approvalMedian()), 1e-9);
            assertEquals(14.0, hours(agent.mergeMedian()), 1e-9, "4 h and 24 h");
            assertEquals(22.0, hours(agent.mergeP90()), 1e-9);

            Map<String, Integer> outcomes = d.outcomes().stream().collect(Collectors.toMap(
                    o -> o.provenanceClass() + ":" + o.outcome(), DashboardData.Outcome::prs));
            assertEquals(Map.of("agent:blocked_then_passed", 1, "agent:merged_while_blocked", 1,
                    "none:passed_first_time", 2, "none:closed_unmerged", 1, "assisted:overridden", 1), outcomes);

            assertEquals(1, d.overrides().size());
            assertEquals("maint", d.overrides().get(0).actor());
            assertEquals("assisted", d.overrides().get(0).provenanceClass());
            assertEquals(List.of(new DashboardData.Blocker("agents need review", "approvals", 3)), d.blockers());
            assertEquals(List.of("acme/nopolicy"), d.withoutPolicy().stream().map(DashboardData.RepoPolicy::repo).toList());
            assertEquals("server_default", d.withoutPolicy().get(0).source());
            assertEquals(List.of("acme/app#8", "acme/app#5"), d.waiting().stream().map(w -> w.repo() + "#" + w.pr()).toList(),
                    "open, ready and not approved in a way that counts, longest first, whenever opened");
            assertEquals(List.of("acme/app#4"), d.underApproved().stream().map(u -> u.repo() + "#" + u.pr()).toList());
            assertEquals(2, d.underApproved().get(0).approvalsRequired());
            DashboardData.RepoRow app = d.repositories().get(0);
            assertEquals("acme/app", app.repo());
            assertEquals(4, app.prs());
            assertEquals(3, app.ai());
            assertEquals(List.of("acme/app", "acme/lib", "acme/nopolicy"), d.knownRepositories());
            assertEquals(List.of("acme"), q.owners(10), "other/x was never evaluated");

            DashboardData lib = q.read(DashboardController.window("acme", 30, "acme/lib", NOW));
            assertEquals(1, lib.share().stream().mapToInt(DashboardData.ShareBucket::prs).sum(), "narrowed to one repository");
            assertTrue(lib.overrides().isEmpty());
            DashboardData week = q.read(DashboardController.window("acme", 7, null, NOW));
            assertEquals(5, week.share().stream().mapToInt(DashboardData.ShareBucket::prs).sum(), "#1 and #8 are older than 7 days");
        }
    }

    private static double hours(Double millis) {
        return millis / 3_600_000.0;
    }
}
