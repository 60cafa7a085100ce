package dev.aigate.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On PostgreSQL the work table keeps room on its pages for in-place (heap-only) updates, the update every delivery
 * makes to its pull request's row; setting it again at the next start changes nothing.
 */
class WorkTableStorageTest {

    @TempDir
    Path temp;

    @Test
    void theWorkTableLeavesHalfOfEachPageForUpdatesAndAStartAgainKeepsIt() throws Exception {
        try (var db = TestDatabases.open("postgres", temp)) {
            assertEquals("fillfactor=" + Migrations.WORK_FILL_FACTOR, options(db));
            Migrations.migrate(db.dataSource(), db.schema()); // a second start
            assertEquals("fillfactor=" + Migrations.WORK_FILL_FACTOR, options(db));
        }
    }

    private static String options(TestDatabases.Db db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT array_to_string(reloptions, ',') FROM pg_class"
                     + " WHERE oid = '" + db.schema() + ".aigate_work'::regclass")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
