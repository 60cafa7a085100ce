package dev.aigate.store;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The triggers of the policy governing each repository and base branch, shared by every replica: the
 * evaluation that read the policy records them, ingress reads them. Plain text here; the policy package says
 * what the words mean.
 */
@Singleton
public class PolicyTriggers {

    /**
     * One repository and base branch.
     *
     * @param events  comma-separated event words; empty for no policy, or one that does not parse
     * @param fetches comma-separated fetch words
     * @param checks  the checks waited on, as the caller encoded them
     */
    public record Row(String repo, String baseRef, String events, String fetches, String checks) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    public PolicyTriggers(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Every base branch of a repository that an evaluation has recorded; empty when none has. */
    public List<Row> forRepo(String repo) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT base_ref, events, fetches, checks FROM aigate_policy_trigger"
                     + " WHERE repo = ?")) {
            ps.setString(1, repo);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(repo, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("Could not read the policy triggers of " + repo, e);
        }
    }

    /** The row of one base branch, if an evaluation recorded it. */
    public Optional<Row> find(String repo, String baseRef) {
        return forRepo(repo).stream().filter(r -> r.baseRef().equals(baseRef)).findFirst();
    }

    /**
     * Records what the policy of {@code repo} on {@code baseRef} reacts to. Writes only when it changed, so the
     * evaluations of an unchanged policy cost one read.
     */
    public void save(Row row) {
        Optional<Row> now = find(row.repo(), row.baseRef());
        if (now.isPresent() && now.get().equals(row)) {
            return;
        }
        // Update, else insert; a concurrent insert by another replica loses the race on the key and updates.
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement up = c.prepareStatement("UPDATE aigate_policy_trigger SET events = ?, fetches = ?,"
                        + " checks = ?, updated_at = ? WHERE repo = ? AND base_ref = ?")) {
                    up.setString(1, row.events());
                    up.setString(2, row.fetches());
                    up.setString(3, row.checks());
                    up.setLong(4, clock.millis());
                    up.setString(5, row.repo());
                    up.setString(6, row.baseRef());
                    if (up.executeUpdate() > 0) {
                        return;
                    }
                }
                try (PreparedStatement in = c.prepareStatement("INSERT INTO aigate_policy_trigger (repo, base_ref, events,"
                        + " fetches, checks, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    in.setString(1, row.repo());
                    in.setString(2, row.baseRef());
                    in.setString(3, row.events());
                    in.setString(4, row.fetches());
                    in.setString(5, row.checks());
                    in.setLong(6, clock.millis());
                    in.executeUpdate();
                    return;
                }
            } catch (SQLException e) {
                if (attempt == 1) {
                    throw new StoreException("Could not record the policy triggers of " + row.repo() + "@" + row.baseRef(), e);
                }
            }
        }
    }
}
