package dev.aigate.dashboard;

import dev.aigate.store.StoreException;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's SQL, read from the lifecycle tables of migration V6, the same on H2 and PostgreSQL (ordered-set
 * aggregates for the percentiles; nothing vendor-specific). Each figure is one query bounded by an index on
 * {@code owner}; {@code bench/dashboard-queries.sh} times them on a large store (docs/performance.md).
 */
@Singleton
public class DashboardQueries {

    /** The classes counted as AI-made in "AI share". */
    public static final List<String> AI_CLASSES = List.of("agent", "assisted", "declared", "suspected");
    /**
     * The outcomes, each pull request in exactly one, the first that applies: closed without merging; overridden;
     * merged while blocked; blocked then passed; still blocked; passed first time; not evaluated yet.
     */
    public static final List<String> OUTCOMES = List.of("closed_unmerged", "overridden", "merged_while_blocked",
            "blocked_then_passed", "blocked", "passed_first_time", "not_evaluated");
    static final int LIST_LIMIT = 50;

    private static final String CLASS = "COALESCE(provenance_class, 'unclassified')";
    private static final String START = "COALESCE(ready_at, opened_at)";
    private static final String APPROVAL_WAIT = "CASE WHEN first_approval_at IS NULL THEN NULL WHEN first_approval_at < "
            + START + " THEN 0 ELSE first_approval_at - " + START + " END";
    private static final String MERGE_WAIT = "CASE WHEN merged_at IS NULL THEN NULL WHEN merged_at < " + START
            + " THEN 0 ELSE merged_at - " + START + " END";
    private static final String BLOCKING = "('failure', 'action_required')";
    private static final String OUTCOME = "CASE WHEN state = 'closed' THEN 'closed_unmerged'"
            + " WHEN overridden THEN 'overridden'"
            + " WHEN state = 'merged' AND last_conclusion IN " + BLOCKING + " THEN 'merged_while_blocked'"
            + " WHEN ever_blocked AND last_conclusion NOT IN " + BLOCKING + " THEN 'blocked_then_passed'"
            + " WHEN ever_blocked THEN 'blocked'"
            + " WHEN evaluations > 0 THEN 'passed_first_time' ELSE 'not_evaluated' END";

    private final DataSource dataSource;

    public DashboardQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Everything the page shows. */
    public DashboardData read(DashboardData.Window w) {
        return new DashboardData(w, share(w), waits(w), outcomes(w), overrides(w), blockers(w), withoutPolicy(w),
                waiting(w), underApproved(w), repositories(w), knownRepositories(w.owner()));
    }

    /** The organisations ai-gate has evaluated a repository of, lower case, sorted. */
    public List<String> owners(int limit) {
        List<String> out = new ArrayList<>();
        query("SELECT DISTINCT owner FROM aigate_repository ORDER BY owner", List.of(), rs -> {
            if (out.size() < limit) {
                out.add(rs.getString(1));
            }
        });
        return out;
    }

    /** Pull requests opened in the window, by bucket and class. */
    public List<DashboardData.ShareBucket> share(DashboardData.Window w) {
        List<DashboardData.ShareBucket> out = new ArrayList<>();
        // The bucket width and start are numbers this class computes, so they are written into the text: the same
        // expression then appears once, which both databases group by without a doubt about parameter types.
        String bucket = "(opened_at - " + w.since().toEpochMilli() + ") / " + w.bucketMillis();
        query("SELECT b, cls, COUNT(*) FROM (SELECT " + bucket + " AS b, " + CLASS + " AS cls FROM aigate_pull_request"
                + opened(w) + ") x GROUP BY b, cls ORDER BY b, cls", params(w), rs -> out.add(new DashboardData.ShareBucket(
                w.since().plusMillis(rs.getLong(1) * w.bucketMillis()), rs.getString(2), rs.getInt(3))));
        return out;
    }

    public List<DashboardData.Wait> waits(DashboardData.Window w) {
        List<DashboardData.Wait> out = new ArrayList<>();
        query("SELECT cls, COUNT(aw), " + percentile(0.5, "aw") + ", " + percentile(0.9, "aw") + ", COUNT(mw), "
                + percentile(0.5, "mw") + ", " + percentile(0.9, "mw") + " FROM (SELECT " + CLASS + " AS cls, "
                + APPROVAL_WAIT + " AS aw, " + MERGE_WAIT + " AS mw FROM aigate_pull_request" + opened(w)
                + ") x GROUP BY cls ORDER BY cls", params(w), rs -> out.add(new DashboardData.Wait(rs.getString(1),
                rs.getInt(2), number(rs, 3), number(rs, 4), rs.getInt(5), number(rs, 6), number(rs, 7))));
        return out;
    }

    public List<DashboardData.Outcome> outcomes(DashboardData.Window w) {
        List<DashboardData.Outcome> out = new ArrayList<>();
        query("SELECT cls, outcome, COUNT(*) FROM (SELECT " + CLASS + " AS cls, " + OUTCOME + " AS outcome"
                + " FROM aigate_pull_request" + opened(w) + ") x GROUP BY cls, outcome ORDER BY cls, outcome", params(w),
                rs -> out.add(new DashboardData.Outcome(rs.getString(1), rs.getString(2), rs.getInt(3))));
        return out;
    }

    /** Overrides granted in the window, newest first. */
    public List<DashboardData.Override> overrides(DashboardData.Window w) {
        List<Object> p = new ArrayList<>(List.of(w.since().toEpochMilli(), w.until().toEpochMilli(), w.owner() + "/%"));
        String repo = "";
        if (w.repo() != null) {
            repo = " AND o.repo = ?";
            p.add(w.repo());
        }
        List<DashboardData.Override> out = new ArrayList<>();
        query("SELECT o.repo, o.pr_number, o.head_sha, o.actor, o.reason, o.created_at, p.provenance_class"
                + " FROM aigate_override o LEFT JOIN aigate_pull_request p ON p.repo = o.repo AND p.pr_number = o.pr_number"
                + " WHERE o.created_at >= ? AND o.created_at < ? AND LOWER(o.repo) LIKE ?" + repo
                + " ORDER BY o.created_at DESC, o.id DESC LIMIT " + LIST_LIMIT, p, rs -> out.add(new DashboardData.Override(
                rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7))));
        return out;
    }

    /** The requirements that blocked the most pull requests first blocked in the window. */
    public List<DashboardData.Blocker> blockers(DashboardData.Window w) {
        List<DashboardData.Blocker> out = new ArrayList<>();
        query("SELECT rule_name, requirement, COUNT(*) AS prs FROM aigate_pr_block WHERE owner = ? AND blocked_at >= ?"
                + " AND blocked_at < ?" + (w.repo() == null ? "" : " AND repo = ?")
                + " GROUP BY rule_name, requirement ORDER BY prs DESC, rule_name, requirement LIMIT 10", params(w),
                rs -> out.add(new DashboardData.Blocker(rs.getString(1), rs.getString(2), rs.getInt(3))));
        return out;
    }

    /** Repositories whose newest evaluation applied no policy of their own or of the organisation. */
    public List<DashboardData.RepoPolicy> withoutPolicy(DashboardData.Window w) {
        List<Object> p = new ArrayList<>(List.of(w.owner()));
        if (w.repo() != null) {
            p.add(w.repo());
        }
        List<DashboardData.RepoPolicy> out = new ArrayList<>();
        query("SELECT repo, policy_source, policy_location, last_evaluated_at FROM aigate_repository WHERE owner = ?"
                + (w.repo() == null ? "" : " AND repo = ?") + " AND policy_source NOT IN ('repository', 'organization')"
                + " ORDER BY repo LIMIT 200", p, rs -> out.add(new DashboardData.RepoPolicy(rs.getString(1),
                rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)))));
        return out;
    }

    /** Open pull requests ready for review and not yet approved in a way that counted, longest waiting first. */
    public List<DashboardData.Waiting> waiting(DashboardData.Window w) {
        List<Object> p = new ArrayList<>(List.of(w.owner()));
        if (w.repo() != null) {
            p.add(w.repo());
        }
        List<DashboardData.Waiting> out = new ArrayList<>();
        query("SELECT repo, pr_number, author, " + CLASS + ", ready_at, last_conclusion, approvals_counted,"
                + " approvals_required FROM aigate_pull_request WHERE owner = ? AND state = 'open'"
                + (w.repo() == null ? "" : " AND repo = ?")
                + " AND ready_at IS NOT NULL AND draft = FALSE AND first_approval_at IS NULL ORDER BY ready_at, repo,"
                + " pr_number LIMIT 20", p, rs -> out.add(new DashboardData.Waiting(rs.getString(1), rs.getInt(2),
                rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getInt(7),
                rs.getInt(8))));
        return out;
    }

    /** Agent pull requests merged in the window while an approvals or codeowners requirement was unmet. */
    public List<DashboardData.UnderApproved> underApproved(DashboardData.Window w) {
        List<DashboardData.UnderApproved> out = new ArrayList<>();
        query("SELECT repo, pr_number, author, merged_at, approvals_counted, approvals_required, overridden,"
                + " last_conclusion FROM aigate_pull_request WHERE owner = ? AND merged_at >= ? AND merged_at < ?"
                + (w.repo() == null ? "" : " AND repo = ?")
                + " AND state = 'merged' AND provenance_class = 'agent' AND approvals_unmet = TRUE"
                + " ORDER BY merged_at DESC LIMIT " + LIST_LIMIT, params(w), rs -> out.add(new DashboardData.UnderApproved(
                rs.getString(1), rs.getInt(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5),
                rs.getInt(6), rs.getBoolean(7), rs.getString(8))));
        return out;
    }

    /** Per repository: pull requests opened in the window, how many were AI-made, median waits, blocked, overridden. */
    public List<DashboardData.RepoRow> repositories(DashboardData.Window w) {
        List<DashboardData.RepoRow> out = new ArrayList<>();
        String ai = String.join(", ", AI_CLASSES.stream().map(c -> "'" + c + "'").toList());
        query("SELECT repo, COUNT(*), SUM(CASE WHEN provenance_class IN (" + ai + ") THEN 1 ELSE 0 END), "
                + percentile(0.5, "aw") + ", " + percentile(0.5, "mw") + ", SUM(CASE WHEN ever_blocked THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN overridden THEN 1 ELSE 0 END) FROM (SELECT repo, provenance_class, ever_blocked,"
                + " overridden, " + APPROVAL_WAIT + " AS aw, " + MERGE_WAIT + " AS mw FROM aigate_pull_request"
                + opened(w) + ") x GROUP BY repo ORDER BY COUNT(*) DESC, repo LIMIT 200", params(w),
                rs -> out.add(new DashboardData.RepoRow(rs.getString(1), rs.getInt(2), rs.getInt(3), number(rs, 4),
                        number(rs, 5), rs.getInt(6), rs.getInt(7))));
        return out;
    }

    /** The repositories of the organisation ai-gate knows, for the repository filter. */
    public List<String> knownRepositories(String owner) {
        List<String> out = new ArrayList<>();
        query("SELECT repo FROM aigate_repository WHERE owner = ? ORDER BY repo LIMIT 500", List.of(owner),
                rs -> out.add(rs.getString(1)));
        return out;
    }

    private static String opened(DashboardData.Window w) {
        return " WHERE owner = ? AND opened_at >= ? AND opened_at < ?" + (w.repo() == null ? "" : " AND repo = ?");
    }

    private static List<Object> params(DashboardData.Window w) {
        List<Object> p = new ArrayList<>(List.of(w.owner(), w.since().toEpochMilli(), w.until().toEpochMilli()));
        if (w.repo() != null) {
            p.add(w.repo());
        }
        return p;
    }

    private static String percentile(double fraction, String column) {
        return "PERCENTILE_CONT(" + fraction + ") WITHIN GROUP (ORDER BY " + column + ")";
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** One row of a result; SQLException is allowed through {@link #query}. */
    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> params, Row row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read the dashboard of " + params.get(0), e);
        }
    }
}
