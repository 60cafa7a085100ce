package dev.aigate.lifecycle;

import dev.aigate.store.StoreException;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The lifecycle tables of migration V6 ({@code aigate_pr_event}, {@code aigate_pull_request}, {@code aigate_pr_block},
 * {@code aigate_repository}). Every write is idempotent and independent of order: times fold with LEAST, the state
 * follows the newest step, a repeated delivery id adds no event. So a redelivery, or an evaluation that runs before
 * or after the delivery that caused it, leaves the same row.
 */
@Singleton
public class LifecycleStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public LifecycleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records one lifecycle step and folds it into the pull request's row. */
    public void record(LifecycleEvent e) {
        try (Connection c = dataSource.getConnection()) {
            fold(c, e, true);
        } catch (SQLException ex) {
            throw new StoreException("Could not record " + e.kind() + " of " + e.repo() + "#" + e.number(), ex);
        }
    }

    /**
     * {@link #record} inside the caller's transaction (ingress's group commit, which makes it durable with the
     * delivery). No statement fails for an expected reason: a delivery id recorded before is skipped by the insert
     * itself, since on PostgreSQL a caught unique violation would still abort the shared transaction. A violation
     * from a concurrent writer propagates; the caller commits the delivery again.
     */
    public static void recordWithin(Connection c, LifecycleEvent e) throws SQLException {
        fold(c, e, false);
    }

    private static void fold(Connection c, LifecycleEvent e, boolean ownStatements) throws SQLException {
        long now = System.currentTimeMillis();
        long at = e.occurredAt().toEpochMilli();
        if (ownStatements) {
            insertEvent(c, e);
            ensureRow(c, e.repo(), e.number(), now);
        } else {
            insertEventIfNew(c, e);
            insertRowIfNew(c, e.repo(), e.number(), now);
        }
        Long created = e.createdAt() == null ? null : e.createdAt().toEpochMilli();
        String state = switch (e.kind()) {
            case "merged" -> "merged";
            case "closed" -> "closed";
            case "opened", "reopened" -> "open";
            default -> null;
        };
        boolean readyNow = !e.draft() && ("opened".equals(e.kind()) || "ready_for_review".equals(e.kind())
                || "reopened".equals(e.kind()));
        Long readyAt = !readyNow ? null : "opened".equals(e.kind()) && created != null ? created : at;
        try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_pull_request SET"
                + " author = COALESCE(author, ?),"
                + " opened_at = CASE WHEN ? IS NULL THEN opened_at ELSE LEAST(COALESCE(opened_at, ?), ?) END,"
                + " ready_at = CASE WHEN ? IS NULL THEN ready_at ELSE LEAST(COALESCE(ready_at, ?), ?) END,"
                + " draft = CASE WHEN ? >= state_at THEN ? ELSE draft END,"
                + " state = CASE WHEN state = 'merged' OR ? IS NULL OR ? < state_at THEN state ELSE ? END,"
                + " state_at = CASE WHEN ? IS NULL THEN state_at ELSE GREATEST(state_at, ?) END,"
                + " merged_at = CASE WHEN ? = 'merged' THEN ? ELSE merged_at END,"
                + " closed_at = CASE WHEN ? IN ('merged', 'closed') THEN ? ELSE closed_at END,"
                + " updated_at = ? WHERE repo = ? AND pr_number = ?")) {
            int i = 1;
            ps.setString(i++, e.author());
            i = setLong(ps, i, created);
            i = setLong(ps, i, created);
            i = setLong(ps, i, created);
            i = setLong(ps, i, readyAt);
            i = setLong(ps, i, readyAt);
            i = setLong(ps, i, readyAt);
            ps.setLong(i++, at);
            ps.setBoolean(i++, e.draft());
            ps.setString(i++, state);
            ps.setLong(i++, at);
            ps.setString(i++, state);
            ps.setString(i++, state);
            ps.setLong(i++, at);
            ps.setString(i++, e.kind());
            ps.setLong(i++, at);
            ps.setString(i++, e.kind());
            ps.setLong(i++, at);
            ps.setLong(i++, now);
            ps.setString(i++, e.repo());
            ps.setInt(i, e.number());
            ps.executeUpdate();
        }
    }

    /** The row as it was before an evaluation changed it, for the metrics that count transitions. */
    public record Before(Long firstApprovalAt, boolean overridden, Long readyAt) {
    }

    /** Folds one evaluation into the pull request's row, its blockers and its repository. */
    public Before evaluated(Evaluated e) {
        long now = e.evaluatedAt().toEpochMilli();
        Long created = e.createdAt() == null ? null : e.createdAt().toEpochMilli();
        Long approval = e.firstApprovalAt() == null ? null : e.firstApprovalAt().toEpochMilli();
        String owner = LifecycleEvent.ownerOf(e.repo());
        try (Connection c = dataSource.getConnection()) {
            boolean inserted = ensureRow(c, e.repo(), e.number(), now);
            Before before;
            boolean wasDraft;
            try (PreparedStatement ps = c.prepareStatement("SELECT first_approval_at, overridden, ready_at, draft"
                    + " FROM aigate_pull_request WHERE repo = ? AND pr_number = ?")) {
                ps.setString(1, e.repo());
                ps.setInt(2, e.number());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    before = new Before(nullableLong(rs, 1), rs.getBoolean(2), nullableLong(rs, 3));
                    wasDraft = rs.getBoolean(4);
                }
            }
            // Ready since it was opened, unless ai-gate saw it as a draft: then since now, the first time seen ready.
            Long readyAt = e.draft() ? null : (wasDraft && !inserted) || created == null ? Long.valueOf(now) : created;
            try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_pull_request SET"
                    + " author = COALESCE(author, ?),"
                    + " opened_at = CASE WHEN ? IS NULL THEN opened_at ELSE LEAST(COALESCE(opened_at, ?), ?) END,"
                    + " ready_at = CASE WHEN ? IS NULL THEN ready_at ELSE COALESCE(ready_at, ?) END,"
                    + " draft = ?, provenance_class = ?, first_conclusion = COALESCE(first_conclusion, ?),"
                    + " last_conclusion = ?,"
                    + " ever_blocked = CASE WHEN ? THEN TRUE ELSE ever_blocked END,"
                    + " overridden = CASE WHEN ? THEN TRUE ELSE overridden END,"
                    + " evaluations = evaluations + 1, approvals_counted = ?, approvals_required = ?,"
                    + " approvals_unmet = ?,"
                    + " first_approval_at = CASE WHEN ? IS NULL THEN first_approval_at"
                    + "   ELSE LEAST(COALESCE(first_approval_at, ?), ?) END,"
                    + " policy_source = ?, last_evaluated_at = ?, updated_at = ?"
                    + " WHERE repo = ? AND pr_number = ?")) {
                int i = 1;
                ps.setString(i++, e.author());
                i = setLong(ps, i, created);
                i = setLong(ps, i, created);
                i = setLong(ps, i, created);
                i = setLong(ps, i, readyAt);
                i = setLong(ps, i, readyAt);
                ps.setBoolean(i++, e.draft());
                ps.setString(i++, e.provenanceClass());
                ps.setString(i++, e.conclusion());
                ps.setString(i++, e.conclusion());
                ps.setBoolean(i++, e.blocked());
                ps.setBoolean(i++, e.overridden());
                ps.setInt(i++, e.approvalsCounted());
                ps.setInt(i++, e.approvalsRequired());
                ps.setBoolean(i++, e.approvalsUnmet());
                i = setLong(ps, i, approval);
                i = setLong(ps, i, approval);
                i = setLong(ps, i, approval);
                ps.setString(i++, e.policySource());
                ps.setLong(i++, now);
                ps.setLong(i++, now);
                ps.setString(i++, e.repo());
                ps.setInt(i, e.number());
                ps.executeUpdate();
            }
            for (Evaluated.Blocker b : e.blockers()) {
                insertBlocker(c, e.repo(), e.number(), owner, b, now);
            }
            upsertRepository(c, e.repo(), owner, e.policySource(), e.policyLocation(), now);
            return before;
        } catch (SQLException ex) {
            throw new StoreException("Could not record the evaluation of " + e.repo() + "#" + e.number()
                    + " in the lifecycle", ex);
        }
    }

    /** Retention: deletes lifecycle rows older than the cut-off (events by arrival, rows untouched since). */
    public int prune(Instant before) {
        long cut = before.toEpochMilli();
        try {
            // The events are the many rows (one per step of every pull request): deleted in paced batches, so the
            // prune does not grow the embedded store's file. The others hold one row per pull request or rule.
            int n = dev.aigate.store.BatchedDelete.delete(dataSource, "aigate_pr_event", "id", "received_at < ?", cut);
            return n + pruneSummaries(cut);
        } catch (SQLException e) {
            throw new StoreException("Could not prune the pull request lifecycle", e);
        }
    }

    private int pruneSummaries(long cut) throws SQLException {
        int n = 0;
        try (Connection c = dataSource.getConnection()) {
            for (String sql : new String[] {"DELETE FROM aigate_pull_request WHERE updated_at < ?",
                    "DELETE FROM aigate_pr_block WHERE blocked_at < ?",
                    "DELETE FROM aigate_repository WHERE last_evaluated_at < ?"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, cut);
                    n += ps.executeUpdate();
                }
            }
            return n;
        }
    }

    private static void insertEvent(Connection c, LifecycleEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_pr_event (delivery_id, owner, repo,"
                + " pr_number, kind, actor, review_state, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.deliveryId());
            ps.setString(2, e.owner());
            ps.setString(3, e.repo());
            ps.setInt(4, e.number());
            ps.setString(5, e.kind());
            ps.setString(6, e.actor());
            ps.setString(7, e.reviewState());
            ps.setLong(8, e.occurredAt().toEpochMilli());
            ps.setLong(9, e.receivedAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                throw ex;
            }
            // A redelivery: the event is there. The row is folded again below, which changes nothing if it was
            // folded before, and completes it if the first attempt stopped in between.
        }
    }

    private static void insertEventIfNew(Connection c, LifecycleEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_pr_event (delivery_id, owner, repo,"
                + " pr_number, kind, actor, review_state, occurred_at, received_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM aigate_pr_event WHERE delivery_id = ?)")) {
            ps.setString(1, e.deliveryId());
            ps.setString(2, e.owner());
            ps.setString(3, e.repo());
            ps.setInt(4, e.number());
            ps.setString(5, e.kind());
            ps.setString(6, e.actor());
            ps.setString(7, e.reviewState());
            ps.setLong(8, e.occurredAt().toEpochMilli());
            ps.setLong(9, e.receivedAt().toEpochMilli());
            ps.setString(10, e.deliveryId());
            ps.executeUpdate();
        }
    }

    /** {@link #ensureRow} for a shared transaction: a concurrent insert's unique violation propagates. */
    private static void insertRowIfNew(Connection c, String repo, int number, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ENSURE_ROW)) {
            bindEnsureRow(ps, repo, number, now);
            ps.executeUpdate();
        }
    }

    private static final String ENSURE_ROW = "INSERT INTO aigate_pull_request (repo, pr_number, owner, state,"
            + " state_at, updated_at) SELECT ?, ?, ?, 'open', 0, ? WHERE NOT EXISTS"
            + " (SELECT 1 FROM aigate_pull_request WHERE repo = ? AND pr_number = ?)";

    private static void bindEnsureRow(PreparedStatement ps, String repo, int number, long now) throws SQLException {
        ps.setString(1, repo);
        ps.setInt(2, number);
        ps.setString(3, LifecycleEvent.ownerOf(repo));
        ps.setLong(4, now);
        ps.setString(5, repo);
        ps.setInt(6, number);
    }

    /** Inserts an empty open row when there is none. Returns whether this call inserted it. */
    private static boolean ensureRow(Connection c, String repo, int number, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ENSURE_ROW)) {
            bindEnsureRow(ps, repo, number, now);
            return ps.executeUpdate() > 0;
        } catch (SQLException ex) {
            if (UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                return false; // another writer inserted it at the same moment
            }
            throw ex;
        }
    }

    private static void insertBlocker(Connection c, String repo, int number, String owner, Evaluated.Blocker b,
                                      long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_pr_block (repo, pr_number, rule_name,"
                + " requirement, owner, blocked_at) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM"
                + " aigate_pr_block WHERE repo = ? AND pr_number = ? AND rule_name = ? AND requirement = ?)")) {
            String rule = cut(b.rule(), 200);
            String requirement = cut(b.requirement(), 32);
            ps.setString(1, repo);
            ps.setInt(2, number);
            ps.setString(3, rule);
            ps.setString(4, requirement);
            ps.setString(5, owner);
            ps.setLong(6, now);
            ps.setString(7, repo);
            ps.setInt(8, number);
            ps.setString(9, rule);
            ps.setString(10, requirement);
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                throw ex;
            }
        }
    }

    private static void upsertRepository(Connection c, String repo, String owner, String source, String location,
                                         long now) throws SQLException {
        String where = cut(location, 500);
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_repository SET policy_source = ?,"
                    + " policy_location = ?, last_evaluated_at = GREATEST(last_evaluated_at, ?) WHERE repo = ?")) {
                ps.setString(1, source);
                ps.setString(2, where);
                ps.setLong(3, now);
                ps.setString(4, repo);
                if (ps.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_repository (repo, owner, policy_source,"
                    + " policy_location, last_evaluated_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, repo);
                ps.setString(2, owner);
                ps.setString(3, source);
                ps.setString(4, where);
                ps.setLong(5, now);
                ps.executeUpdate();
                return;
            } catch (SQLException ex) {
                if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                    throw ex;
                }
            }
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static int setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
        return i + 1;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
