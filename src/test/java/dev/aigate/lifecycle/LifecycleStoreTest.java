package dev.aigate.lifecycle;

import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.QueueSettings;
import dev.aigate.queue.WorkTarget;
import dev.aigate.store.TestDatabases;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleStoreTest {

    private static final Instant T = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir
    Path temp;

    @Test
    void readsEachLifecycleStepFromGitHubsExamplePayloads() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        LifecycleEvent closed = LifecycleEvent.from("pull_request", "d1", Fixtures.tree("github/webhooks/pull_request/closed.1.json"), now).orElseThrow();
        assertEquals("closed", closed.kind(), "closed.1 was not merged");
        assertEquals(Instant.parse("2019-05-15T15:21:18Z"), closed.occurredAt(), "GitHub's closed_at, not the arrival");
        assertEquals(Instant.parse("2019-05-15T15:20:33Z"), closed.createdAt());
        assertEquals("Codertocat/Hello-World", closed.repo());
        assertEquals("codertocat", closed.owner());
        LifecycleEvent review = LifecycleEvent.from("pull_request_review", "d2", Fixtures.tree("github/webhooks/pull_request_review/submitted.1.json"), now).orElseThrow();
        assertEquals("review", review.kind());
        assertEquals("commented", review.reviewState());
        assertEquals("Codertocat", review.actor());
        assertEquals(Instant.parse("2019-05-15T15:20:38Z"), review.occurredAt());
        assertTrue(LifecycleEvent.from("pull_request", "d3", Fixtures.tree("github/webhooks/pull_request/labeled.1.json"), now).isEmpty(),
                "a label is no lifecycle step");
        assertEquals("ready_for_review", LifecycleEvent.from("pull_request", "d4",
                Fixtures.tree("github/webhooks/pull_request/ready_for_review.1.json"), now).orElseThrow().kind());
    }

    /**
     * Ingress folds the step into the queue's group commit: durable with the delivery, and a redelivery (of a step
     * that asks for no work, so has no inbox row to be caught by) adds nothing and does not abort the transaction
     * the other deliveries of its group share, which a caught unique violation would on PostgreSQL.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void stepsCommittedWithTheirDeliveryAreDurableOnceAndRedeliveriesFailNothing(String kind) throws Exception {
        try (var db = TestDatabases.open(kind, temp)) {
            JdbcWorkQueue queue = new JdbcWorkQueue(db.dataSource(), QueueSettings.defaults(), java.time.Clock.systemUTC());
            LifecycleEvent opened = event("d-open", "opened", "bot", null, T, false);
            LifecycleEvent closed = event("d-close", "closed", "bot", null, T.plusSeconds(60), false);
            InboundDelivery delivery = new InboundDelivery("d-open", "pull_request", "opened", 5, T, 10);
            WorkTarget pr = WorkTarget.pullRequest(5, "Acme/App", 7);
            assertTrue(queue.acceptAsync(delivery, List.of(pr), List.of(c -> LifecycleStore.recordWithin(c, opened))).get());
            assertEquals(false, queue.acceptAsync(delivery, List.of(pr),
                    List.of(c -> LifecycleStore.recordWithin(c, opened))).get(), "a redelivered id is a duplicate");
            queue.writeAsync(List.of(c -> LifecycleStore.recordWithin(c, closed))).get();
            queue.writeAsync(List.of(c -> LifecycleStore.recordWithin(c, closed))).get(); // redelivered: no inbox row
            InboundDelivery next = new InboundDelivery("d-next", "pull_request", "synchronize", 5, T, 10);
            assertTrue(queue.acceptAsync(next, List.of(pr), List.of()).get(), "the store still takes deliveries");

            assertEquals(2L, count(db.dataSource(), "SELECT COUNT(*) FROM aigate_pr_event"));
            Map<String, Object> row = row(db.dataSource(), "Acme/App", 7);
            assertEquals("closed", row.get("state"));
            assertEquals(T.toEpochMilli(), row.get("opened_at"));
            assertEquals(2L, queue.row(pr.key()).get("generation"), "both fresh deliveries enqueued their work");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void foldsStepsInAnyOrderAndRedeliveriesChangeNothing(String kind) throws Exception {
        try (var db = TestDatabases.open(kind, temp)) {
            LifecycleStore store = new LifecycleStore(db.dataSource());
            LifecycleEvent merged = event("d-merge", "merged", "alice", null, T.plusSeconds(7200), false);
            store.record(merged); // arrives first: GitHub does not promise order
            store.record(event("d-open", "opened", "bot", null, T, false));
            store.record(event("d-review", "review", "bob", "approved", T.plusSeconds(3600), false));
            store.record(event("d-open", "opened", "bot", null, T, false)); // redelivered
            store.record(event("d-reopen", "reopened", "bot", null, T.plusSeconds(60), false)); // older than the merge

            Map<String, Object> row = row(db.dataSource(), "Acme/App", 7);
            assertEquals("merged", row.get("state"), "a merge is final; an older step does not undo it");
            assertEquals(T.toEpochMilli(), row.get("opened_at"));
            assertEquals(T.toEpochMilli(), row.get("ready_at"), "opened ready for review");
            assertEquals(T.plusSeconds(7200).toEpochMilli(), row.get("merged_at"));
            assertEquals("acme", row.get("owner"));
            assertEquals(4L, count(db.dataSource(), "SELECT COUNT(*) FROM aigate_pr_event"), "the redelivery added no event");
            assertEquals(1L, count(db.dataSource(), "SELECT COUNT(*) FROM aigate_pr_event WHERE kind = 'review'"
                    + " AND actor = 'bob' AND review_state = 'approved'"));

            LifecycleStore.Before before = store.evaluated(evaluated(8, T.plusSeconds(3600), true, List.of(
                    new Evaluated.Blocker("ai-needs-two", "approvals"))));
            assertNull(before.firstApprovalAt());
            LifecycleStore.Before second = store.evaluated(evaluated(8, T.plusSeconds(1800), false, List.of(
                    new Evaluated.Blocker("ai-needs-two", "approvals"))));
            assertEquals(T.plusSeconds(3600).toEpochMilli(), second.firstApprovalAt());
            Map<String, Object> evaluated = row(db.dataSource(), "Acme/App", 8);
            assertEquals("open", evaluated.get("state"), "an evaluation of a pull request ai-gate had not seen");
            assertEquals(T.plusSeconds(1800).toEpochMilli(), evaluated.get("first_approval_at"), "the earliest counted approval");
            assertEquals(Boolean.TRUE, evaluated.get("ever_blocked"));
            assertEquals("failure", evaluated.get("first_conclusion"));
            assertEquals("success", evaluated.get("last_conclusion"));
            assertEquals(2, ((Number) evaluated.get("evaluations")).intValue());
            assertEquals(T.toEpochMilli(), evaluated.get("ready_at"), "ready since it was opened");
            assertEquals(1L, count(db.dataSource(), "SELECT COUNT(*) FROM aigate_pr_block"), "one row per pull request and requirement");
            assertEquals(1L, count(db.dataSource(), "SELECT COUNT(*) FROM aigate_repository WHERE policy_source = 'server_default'"));

            assertEquals(0, store.prune(T.minusSeconds(1)));
            int pruned = store.prune(Instant.now().plusSeconds(60));
            assertEquals(4 + 2 + 1 + 1, pruned, "events, rows, blockers and the repository are all past the cut-off");
            assertEquals(0L, count(db.dataSource(), "SELECT COUNT(*) FROM aigate_pull_request"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDraftIsReadyWhenItLeavesDraft(String kind) throws Exception {
        try (var db = TestDatabases.open(kind, temp)) {
            LifecycleStore store = new LifecycleStore(db.dataSource());
            store.record(event("d1", "opened", "bot", null, T, true));
            assertNull(row(db.dataSource(), "Acme/App", 7).get("ready_at"));
            store.record(event("d2", "ready_for_review", "bot", null, T.plusSeconds(600), false));
            store.record(event("d3", "converted_to_draft", "bot", null, T.plusSeconds(900), true));
            store.record(event("d4", "ready_for_review", "bot", null, T.plusSeconds(1200), false));
            assertEquals(T.plusSeconds(600).toEpochMilli(), row(db.dataSource(), "Acme/App", 7).get("ready_at"),
                    "the first time it was ready");
        }
    }

    private static LifecycleEvent event(String delivery, String kind, String actor, String state, Instant at, boolean draft) {
        return new LifecycleEvent(delivery, "Acme/App", 7, kind, actor, state, at, at, "bot", T, draft);
    }

    static Evaluated evaluated(int number, Instant approval, boolean blocked, List<Evaluated.Blocker> blockers) {
        return new Evaluated("Acme/App", number, "bot", T, false, "agent", blocked ? "failure" : "success", blocked,
                false, 1, 2, true, approval, blockers, "server_default", "server default policy", Instant.now());
    }

    static Map<String, Object> row(DataSource ds, String repo, int number) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM aigate_pull_request WHERE repo = ? AND pr_number = ?")) {
            ps.setString(1, repo);
            ps.setInt(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row for " + repo + "#" + number);
                Map<String, Object> out = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                return out;
            }
        }
    }

    static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
