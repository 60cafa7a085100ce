package dev.aigate.store;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** The check-run ledger in the store, shared by every replica and kept across restarts. */
@Singleton
public class JdbcPublishedCheckRuns implements PublishedCheckRuns {

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcPublishedCheckRuns(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Optional<Published> find(String repo, String headSha) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT check_run_id, output_hash, conclusion FROM aigate_check_run WHERE repo = ? AND head_sha = ?")) {
            ps.setString(1, repo);
            ps.setString(2, headSha);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Published(rs.getLong(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read the check run of " + repo + "@" + headSha, e);
        }
    }

    @Override
    public void save(String repo, String headSha, Published published) {
        // Update, else insert; a concurrent insert by another replica loses the race on the key and updates.
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement up = c.prepareStatement("UPDATE aigate_check_run SET check_run_id = ?,"
                        + " output_hash = ?, conclusion = ?, updated_at = ? WHERE repo = ? AND head_sha = ?")) {
                    up.setLong(1, published.checkRunId());
                    up.setString(2, published.outputHash());
                    up.setString(3, published.conclusion());
                    up.setLong(4, clock.millis());
                    up.setString(5, repo);
                    up.setString(6, headSha);
                    if (up.executeUpdate() > 0) {
                        return;
                    }
                }
                try (PreparedStatement in = c.prepareStatement("INSERT INTO aigate_check_run (repo, head_sha,"
                        + " check_run_id, output_hash, conclusion, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    in.setString(1, repo);
                    in.setString(2, headSha);
                    in.setLong(3, published.checkRunId());
                    in.setString(4, published.outputHash());
                    in.setString(5, published.conclusion());
                    in.setLong(6, clock.millis());
                    in.executeUpdate();
                    return;
                }
            } catch (SQLException e) {
                if (attempt == 1) {
                    throw new StoreException("Could not record the check run of " + repo + "@" + headSha, e);
                }
            }
        }
    }
}
