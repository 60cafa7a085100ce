package dev.aigate.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The decision log and override store in the shared database (tables {@code aigate_decision}, {@code aigate_override}). */
@Singleton
public class JdbcDecisionLog implements DecisionLog, OverrideStore {

    private static final TypeReference<List<Map<String, Object>>> OVERRIDES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Long>> TIMINGS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcDecisionLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public DecisionRecord record(DecisionRecord d) {
        Instant at = d.evaluatedAt() == null ? Instant.now() : d.evaluatedAt();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_decision (repo, pr_number, head_sha,"
                     + " installation_id, provenance_class, evidence, size_class, rule_results, conclusion,"
                     + " approvals_counted, overrides, timings, evaluated_at, policy_result, mode, would_conclusion,"
                     + " pull_request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, d.repo());
            ps.setInt(2, d.pr());
            ps.setString(3, d.headSha());
            ps.setLong(4, d.installationId());
            ps.setString(5, d.provenanceClass());
            ps.setString(6, write(d.evidence() == null ? JsonNodeFactory.instance.arrayNode() : d.evidence()));
            ps.setString(7, d.sizeClass());
            ps.setString(8, write(d.ruleResults() == null ? JsonNodeFactory.instance.arrayNode() : d.ruleResults()));
            ps.setString(9, d.conclusion());
            ps.setInt(10, d.approvalsCounted());
            ps.setString(11, write(d.overrides().stream().map(JdbcDecisionLog::overrideMap).toList()));
            ps.setString(12, write(d.timingsMillis()));
            ps.setLong(13, at.toEpochMilli());
            ps.setString(14, d.policyResult() == null ? null : write(d.policyResult()));
            ps.setString(15, d.mode());
            ps.setString(16, d.wouldConclusion());
            ps.setString(17, d.pullRequest() == null ? null : write(d.pullRequest()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StoreException("The database returned no id for the decision record", null);
                }
                return new DecisionRecord(keys.getLong(1), d.repo(), d.pr(), d.headSha(), d.installationId(),
                        d.provenanceClass(), d.evidence(), d.sizeClass(), d.ruleResults(), d.conclusion(),
                        d.approvalsCounted(), d.overrides(), d.timingsMillis(), at, d.policyResult(), d.mode(),
                        d.wouldConclusion(), d.pullRequest());
            }
        } catch (SQLException e) {
            throw new StoreException("Could not record the decision for " + d.repo() + "#" + d.pr(), e);
        }
    }

    @Override
    public List<DecisionRecord> forPullRequest(String repo, int pr, int limit) {
        return query("SELECT * FROM aigate_decision WHERE repo = ? AND pr_number = ? ORDER BY evaluated_at DESC, id DESC LIMIT ?",
                repo, pr, Math.max(1, limit));
    }

    @Override
    public Optional<DecisionRecord> byId(long id) {
        return query("SELECT * FROM aigate_decision WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public int wouldHaveBlocked(Instant since) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT DISTINCT repo, pr_number FROM aigate_decision"
                     + " WHERE evaluated_at >= ? AND would_conclusion IN ('failure', 'action_required')"
                     + " AND conclusion NOT IN ('failure', 'action_required')) stopped")) {
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("Could not count the pull requests observe mode would have blocked", e);
        }
    }

    private List<DecisionRecord> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<DecisionRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DecisionRecord(rs.getLong("id"), rs.getString("repo"), rs.getInt("pr_number"),
                            rs.getString("head_sha"), rs.getLong("installation_id"), rs.getString("provenance_class"),
                            json.readTree(rs.getString("evidence")), rs.getString("size_class"),
                            json.readTree(rs.getString("rule_results")), rs.getString("conclusion"),
                            rs.getInt("approvals_counted"), readOverrides(rs.getString("overrides")),
                            json.readValue(rs.getString("timings"), TIMINGS),
                            Instant.ofEpochMilli(rs.getLong("evaluated_at")), readTree(rs.getString("policy_result")),
                            rs.getString("mode"), rs.getString("would_conclusion"),
                            readTree(rs.getString("pull_request"))));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("Could not read decision records", e);
        }
    }

    private JsonNode readTree(String text) throws JsonProcessingException {
        return text == null ? null : json.readTree(text);
    }

    private List<OverrideRecord> readOverrides(String text) throws JsonProcessingException {
        List<OverrideRecord> out = new ArrayList<>();
        for (Map<String, Object> m : json.readValue(text, OVERRIDES)) {
            Object created = m.get("createdAt");
            out.add(new OverrideRecord((String) m.get("repo"), ((Number) m.get("pr")).intValue(),
                    (String) m.get("headSha"), (String) m.get("actor"), (String) m.get("reason"),
                    created == null ? null : Instant.ofEpochMilli(((Number) created).longValue())));
        }
        return out;
    }

    private static Map<String, Object> overrideMap(OverrideRecord o) {
        return Map.of("repo", o.repo(), "pr", o.pr(), "headSha", o.headSha(), "actor", o.actor(),
                "reason", o.reason(), "createdAt", o.createdAt() == null ? 0L : o.createdAt().toEpochMilli());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("Could not serialise a decision record field", e);
        }
    }

    // ---------------------------------------------------------------- overrides

    @Override
    public void record(OverrideRecord o) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_override (repo, pr_number, head_sha, actor,"
                     + " reason, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, o.repo());
            ps.setInt(2, o.pr());
            ps.setString(3, o.headSha());
            ps.setString(4, o.actor());
            String reason = o.reason() == null ? "" : o.reason();
            ps.setString(5, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            ps.setLong(6, (o.createdAt() == null ? Instant.now() : o.createdAt()).toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not record the override on " + o.repo() + "#" + o.pr(), e);
        }
    }

    @Override
    public List<OverrideRecord> forHead(String repo, int pr, String headSha) {
        return overrides("SELECT repo, pr_number, head_sha, actor, reason, created_at FROM aigate_override"
                + " WHERE repo = ? AND pr_number = ? AND head_sha = ? ORDER BY created_at, id", repo, pr, headSha);
    }

    @Override
    public List<OverrideRecord> forHead(String repo, String headSha) {
        return overrides("SELECT repo, pr_number, head_sha, actor, reason, created_at FROM aigate_override"
                + " WHERE repo = ? AND head_sha = ? ORDER BY created_at, id", repo, headSha);
    }

    @Override
    public List<OverrideRecord> forPullRequest(String repo, int pr) {
        return overrides("SELECT repo, pr_number, head_sha, actor, reason, created_at FROM aigate_override"
                + " WHERE repo = ? AND pr_number = ? ORDER BY created_at, id", repo, pr);
    }

    private List<OverrideRecord> overrides(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<OverrideRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OverrideRecord(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("Could not read overrides", e);
        }
    }

    /** Deletes decision records and overrides older than the cut-off. Returns rows deleted. */
    public int prune(Instant before) {
        try {
            return BatchedDelete.delete(dataSource, "aigate_decision", "id", "evaluated_at < ?", before.toEpochMilli())
                    + BatchedDelete.delete(dataSource, "aigate_override", "id", "created_at < ?", before.toEpochMilli());
        } catch (SQLException e) {
            throw new StoreException("Could not prune decision records", e);
        }
    }
}
