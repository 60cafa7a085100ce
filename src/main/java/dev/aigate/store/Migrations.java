package dev.aigate.store;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Brings a database to the current schema. The same migrations serve H2 and PostgreSQL. */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** Migrates the datasource's default schema. */
    public static void migrate(DataSource dataSource) {
        migrate(dataSource, null);
    }

    /** Migrates the given schema (created when missing), or the connection's default schema when null. */
    public static void migrate(DataSource dataSource, String schema) {
        var config = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table("aigate_schema_history")
                .failOnMissingLocations(true);
        if (schema != null) {
            config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        config.load().migrate();
        roomForInPlaceUpdates(dataSource, schema);
    }

    /**
     * PostgreSQL only: leaves half of each {@code aigate_work} page free, so the update every delivery makes to its
     * pull request's row (the generation count) can stay on the same page without touching the indexes (a
     * heap-only tuple update). With full pages every update writes a new index entry and the hot rows' dead
     * versions pile up faster than autovacuum clears them, and ingest slows the longer it runs. A storage
     * parameter, not a migration: H2 has no such setting, and it is safe to set again at every start.
     */
    private static void roomForInPlaceUpdates(DataSource dataSource, String schema) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                return;
            }
            String table = (schema == null ? "" : "\"" + schema.replace("\"", "\"\"") + "\".") + "aigate_work";
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM pg_class WHERE oid = ?::regclass AND 'fillfactor=" + WORK_FILL_FACTOR + "' = ANY(reloptions)")) {
                ps.setString(1, table);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return; // set at an earlier start: no lock taken
                    }
                }
            }
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + table + " SET (fillfactor = " + WORK_FILL_FACTOR + ")");
            }
        } catch (java.sql.SQLException e) {
            throw new StoreException("Could not set the storage parameters of aigate_work", e);
        }
    }

    /** Percent of each {@code aigate_work} page PostgreSQL fills on insert (see {@link #roomForInPlaceUpdates}). */
    static final int WORK_FILL_FACTOR = 50;
}
