package dev.aigate.store;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Clicks on the check run's "Override" button, waiting for the worker to check the clicker's
 * permission. Ingress only records them (no GitHub call on the request path).
 */
@Singleton
public class OverrideRequests {

    public static final String PENDING = "pending";
    public static final String GRANTED = "granted";
    public static final String REFUSED = "refused";

    /** One click. */
    public record Request(long id, String repo, String headSha, String actor, Instant requestedAt, String state, String note) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    public OverrideRequests(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records a click; a repeated delivery records nothing. */
    public void record(String deliveryId, String repo, String headSha, String actor) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_override_request (delivery_id, repo,"
                     + " head_sha, actor, requested_at, state) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, deliveryId);
            ps.setString(2, repo);
            ps.setString(3, headSha);
            ps.setString(4, actor);
            ps.setLong(5, clock.millis());
            ps.setString(6, PENDING);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // unique violation: the same delivery again
                throw new StoreException("Could not record the override request on " + repo + "@" + headSha, e);
            }
        }
    }

    /** Every click on this head, oldest first. */
    public List<Request> forHead(String repo, String headSha) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, repo, head_sha, actor, requested_at, state, note"
                     + " FROM aigate_override_request WHERE repo = ? AND head_sha = ? ORDER BY requested_at, id")) {
            ps.setString(1, repo);
            ps.setString(2, headSha);
            List<Request> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Request(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("Could not read override requests of " + repo + "@" + headSha, e);
        }
    }

    /** Records the decision on a pending click; false if another worker decided it first. */
    public boolean decide(long id, String state, String note) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE aigate_override_request SET state = ?, decided_at = ?,"
                     + " note = ? WHERE id = ? AND state = ?")) {
            ps.setString(1, state);
            ps.setLong(2, clock.millis());
            ps.setString(3, note == null || note.length() <= 500 ? note : note.substring(0, 500));
            ps.setLong(4, id);
            ps.setString(5, PENDING);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Could not decide override request " + id, e);
        }
    }
}
