package dev.aigate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Real databases for tests: the embedded H2 store in a temporary directory, and the machine's PostgreSQL
 * (127.0.0.1:5432, user postgres, database test) in a schema of its own that is dropped afterwards, so parallel
 * runs never collide. Without PostgreSQL the test is skipped with a message; with {@code CI=true} it fails.
 */
public final class TestDatabases {

    public static final String PG_URL = System.getProperty("aigate.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getProperty("aigate.test.pg.user", "postgres");

    private TestDatabases() {
    }

    /** An open, migrated store; {@link #pool()} opens extra pools on the same database (for "replicas"). */
    public static final class Db implements AutoCloseable {
        private final String kind;
        private final String url;
        private final String user;
        private final String schema;
        private final List<HikariDataSource> pools = new ArrayList<>();
        private final HikariDataSource main;

        Db(String kind, String url, String user, String schema) {
            this.kind = kind;
            this.url = url;
            this.user = user;
            this.schema = schema;
            this.main = pool();
            Migrations.migrate(main, schema);
        }

        public String kind() {
            return kind;
        }

        public HikariDataSource dataSource() {
            return main;
        }

        /** The PostgreSQL schema of this test; null for H2. */
        public String schema() {
            return schema;
        }

        public String url() {
            return url;
        }

        /** Another connection pool on the same database, as a second replica would have. */
        public HikariDataSource pool() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword("");
            config.setMaximumPoolSize(8);
            HikariDataSource ds = new HikariDataSource(config);
            pools.add(ds);
            return ds;
        }

        @Override
        public void close() {
            if (schema != null) {
                try (Connection c = main.getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    // best effort: a leftover schema has a unique name and harms no one
                }
            }
            pools.forEach(HikariDataSource::close);
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    /** Opens the store named "h2" or "postgres". */
    public static Db open(String kind, Path tempDir) throws Exception {
        return switch (kind) {
            case "h2" -> h2(tempDir);
            case "postgres" -> postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** The embedded store exactly as production builds its URL, in a fresh directory. */
    public static Db h2(Path tempDir) throws Exception {
        Path dir = Files.createTempDirectory(tempDir, "h2");
        StoreSettings settings = new StoreSettings("", "", "", dir, 8);
        return new Db("h2", settings.jdbcUrl(), "sa", null);
    }

    public static Db postgres() {
        requirePostgres();
        String schema = "aigate_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test schema", e);
        }
        String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Db("postgres", url, PG_USER, schema);
    }

    /** Skips (or, under CI=true, fails) when PostgreSQL is not reachable. */
    public static void requirePostgres() {
        String problem = null;
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "")) {
            c.isValid(2);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            String message = "PostgreSQL at " + PG_URL + " is not reachable (" + problem + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true requires it");
            }
            Assumptions.abort(message + "; skipping the PostgreSQL variant");
        }
    }
}
