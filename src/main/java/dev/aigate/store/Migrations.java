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
    }
}
