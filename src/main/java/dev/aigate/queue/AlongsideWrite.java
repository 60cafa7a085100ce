package dev.aigate.queue;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A write that ingress makes durable in the same transaction as a delivery's inbox row (the pull request
 * lifecycle step a delivery announces), so the group commit that makes the delivery durable makes it durable too,
 * instead of a commit of its own before the answer.
 *
 * <p>It runs inside a transaction other deliveries share, so it must not fail for an expected reason: skip a row
 * that is there already rather than catch the unique violation (on PostgreSQL that aborts the whole transaction).
 * A violation from a concurrent writer may propagate; the delivery is then committed again, alone.
 */
@FunctionalInterface
public interface AlongsideWrite {

    void write(Connection c) throws SQLException;
}
