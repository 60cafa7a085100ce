package dev.aigate.queue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * How a {@link WorkTarget} is kept in {@code aigate_work}: the columns {@code repo}, {@code pr_number} and
 * {@code head_sha}, as every release so far wrote them. A pull request has a number, a commit a SHA, a repository
 * neither; the whole installation is stored as the repository {@code *}, so rows written by an earlier release are
 * read as the variant they meant. Only this class knows that marker.
 */
final class StoredTarget {

    /** The {@code repo} column (and key) of a whole-installation target, as earlier releases stored it. */
    static final String WHOLE_INSTALLATION = "*";

    private StoredTarget() {
    }

    /** Reads the target from four consecutive columns: installation_id, repo, pr_number, head_sha. */
    static WorkTarget read(ResultSet rs, int first) throws SQLException {
        long installationId = rs.getLong(first);
        String repo = rs.getString(first + 1);
        int number = rs.getInt(first + 2);
        boolean hasNumber = !rs.wasNull();
        String sha = rs.getString(first + 3);
        return of(installationId, repo, hasNumber ? number : null, sha);
    }

    static WorkTarget of(long installationId, String repo, Integer number, String sha) {
        if (number != null) {
            return new WorkTarget.PullRequest(installationId, repo, number);
        }
        if (sha != null) {
            return new WorkTarget.Commit(installationId, repo, sha);
        }
        if (WHOLE_INSTALLATION.equals(repo)) {
            return new WorkTarget.Installation(installationId);
        }
        return new WorkTarget.Repository(installationId, repo);
    }

    /** Binds repo, pr_number and head_sha from parameter {@code first} on. */
    static void bind(PreparedStatement ps, int first, WorkTarget target) throws SQLException {
        String repo = null;
        Integer number = null;
        String sha = null;
        if (target instanceof WorkTarget.PullRequest pr) {
            repo = pr.repo();
            number = pr.number();
        } else if (target instanceof WorkTarget.Commit commit) {
            repo = commit.repo();
            sha = commit.sha();
        } else if (target instanceof WorkTarget.Repository r) {
            repo = r.repo();
        } else {
            repo = WHOLE_INSTALLATION;
        }
        ps.setString(first, repo);
        if (number == null) {
            ps.setNull(first + 1, Types.INTEGER);
        } else {
            ps.setInt(first + 1, number);
        }
        ps.setString(first + 2, sha);
    }
}
