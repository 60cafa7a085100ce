package dev.aigate.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * A named lease in the shared database: work that one replica at a time should do (the delivery sweep,
 * reconcile, pruning) runs only while its lease is held. Acquiring is one conditional UPDATE, so it is safe on
 * both stores; a replica that dies simply lets the lease expire.
 */
public class LeaseLock {

    private final DataSource dataSource;
    private final Clock clock;

    public LeaseLock(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Takes (or renews) the lease for {@code ttl}. True when {@code owner} now holds it. */
    public boolean tryAcquire(String name, String owner, Duration ttl) {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            if (update(c, name, owner, now, now + ttl.toMillis()) == 1) {
                return true;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO aigate_lock (name, owner, locked_until) VALUES (?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.setLong(3, now + ttl.toMillis());
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return update(c, name, owner, now, now + ttl.toMillis()) == 1;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not take the lease " + name, e);
        }
    }

    private static int update(Connection c, String name, String owner, long now, long until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_lock SET owner = ?, locked_until = ?"
                + " WHERE name = ? AND (owner = ? OR locked_until < ?)")) {
            ps.setString(1, owner);
            ps.setLong(2, until);
            ps.setString(3, name);
            ps.setString(4, owner);
            ps.setLong(5, now);
            return ps.executeUpdate();
        }
    }

    /** Gives the lease up, recording a successful run when {@code succeeded}. */
    public void release(String name, String owner, boolean succeeded) {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE aigate_lock SET locked_until = 0,"
                     + " last_success = CASE WHEN ? THEN ? ELSE last_success END WHERE name = ? AND owner = ?")) {
            ps.setBoolean(1, succeeded);
            ps.setLong(2, now);
            ps.setString(3, name);
            ps.setString(4, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not release the lease " + name, e);
        }
    }

    /** When the named job last succeeded, epoch millis, or 0. */
    public long lastSuccess(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_success FROM aigate_lock WHERE name = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read the lease " + name, e);
        }
    }
}
