package dev.aigate.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.aigate.queue.ClaimedJob;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.QueueSettings;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedded data directory written by the previous release (schema version 4, the last one it shipped) keeps its
 * queue, decisions, overrides and check-run ledger when this version starts on it: the store is migrated on start
 * and every row reads back through today's code. The old directory is made with that release's own migrations
 * (they are never edited) and rows in that release's shape, written with plain SQL as its code wrote them.
 */
class PreviousReleaseStoreTest {

    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    @Test
    void aDataDirectoryOfThePreviousReleaseKeepsItsQueueDecisionsOverridesAndLedger(@TempDir Path data) throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", data, 2);
        long t = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();
        try (HikariDataSource old = StoreFactory.open(settings)) {
            Flyway.configure().dataSource(old).locations(Migrations.LOCATION).table("aigate_schema_history")
                    .target("4").load().migrate();
            try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO aigate_delivery (delivery_id, event, action, installation_id, received_at,"
                        + " payload_size, target_keys) VALUES ('d-1', 'pull_request', 'synchronize', 7, " + t + ", 100,"
                        + " 'acme/widgets#42')");
                s.executeUpdate("INSERT INTO aigate_work (job_key, installation_id, repo, pr_number, state, generation,"
                        + " claimed_generation, run_after, updated_at) VALUES ('acme/widgets#42', 7, 'acme/widgets', 42,"
                        + " 'pending', 1, 0, " + t + ", " + t + ")");
                s.executeUpdate("INSERT INTO aigate_decision (repo, pr_number, head_sha, installation_id, provenance_class,"
                        + " evidence, size_class, rule_results, conclusion, approvals_counted, overrides, timings,"
                        + " evaluated_at, policy_result, mode, would_conclusion) VALUES ('acme/widgets', 42, '" + HEAD
                        + "', 7, 'agent', '[]', 'small', '[]', 'failure', 0, '[]', '{\"total\": 90}', " + t
                        + ", '{\"state\": \"loaded\"}', 'enforce', 'failure')");
                s.executeUpdate("INSERT INTO aigate_override (repo, pr_number, head_sha, actor, reason, created_at)"
                        + " VALUES ('acme/widgets', 42, '" + HEAD + "', 'maria', 'hotfix', " + t + ")");
                s.executeUpdate("INSERT INTO aigate_check_run (repo, head_sha, check_run_id, output_hash, updated_at)"
                        + " VALUES ('acme/widgets', '" + HEAD + "', 4242, 'abc', " + t + ")");
            }
        }

        try (HikariDataSource now = StoreFactory.openMigrated(settings)) {
            try (Connection c = now.getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM aigate_schema_history WHERE success")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) > 4, "migrated past the previous release's schema");
            }
            JdbcDecisionLog log = new JdbcDecisionLog(now);
            List<DecisionRecord> decisions = log.forPullRequest("acme/widgets", 42, 10);
            assertEquals(1, decisions.size(), "the decision is kept");
            DecisionRecord d = decisions.get(0);
            assertEquals(List.of("agent", "failure", "failure", HEAD), List.of(d.provenanceClass(), d.conclusion(),
                    d.wouldConclusion(), d.headSha()));
            assertNull(d.pullRequest(), "a decision from before the details page has no pull request fields");
            assertEquals(List.of("maria hotfix"), log.forHead("acme/widgets", 42, HEAD).stream()
                    .map(o -> o.actor() + " " + o.reason()).toList(), "the override is kept");
            Optional<PublishedCheckRuns.Published> ledger = new JdbcPublishedCheckRuns(now, Clock.systemUTC())
                    .find("acme/widgets", HEAD);
            assertEquals(4242L, ledger.orElseThrow().checkRunId(), "the ledger still knows the published check run");
            JdbcWorkQueue queue = new JdbcWorkQueue(now, QueueSettings.defaults(), Clock.systemUTC());
            List<ClaimedJob> claimed = queue.claim("successor", 10);
            assertEquals(List.of("acme/widgets#42"), claimed.stream().map(ClaimedJob::key).toList(),
                    "the pending job runs after the upgrade");
            assertTrue(queue.complete(claimed.get(0)));
        }
    }
}
