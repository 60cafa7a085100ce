package dev.aigate.store;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the data lives.
 *
 * @param databaseUrl a JDBC URL, or blank for the embedded store under {@code dataDir}
 * @param user        database user (ignored by the embedded store)
 * @param password    database password
 * @param dataDir     the directory for the embedded store
 * @param poolSize    maximum pooled connections
 */
public record StoreSettings(String databaseUrl, String user, String password, Path dataDir, int poolSize) {

    /** The file name (without H2's {@code .mv.db}) of the embedded database under the data directory. */
    public static final String EMBEDDED_NAME = "ai-gate";

    public boolean isPostgres() {
        return databaseUrl != null && databaseUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    /**
     * Fails with an operator-readable message when the URL names a database the schema was not written for.
     * PostgreSQL is the supported server; a {@code jdbc:h2:} URL is accepted for a non-default embedded location.
     */
    public StoreSettings validate() {
        if (!isEmbedded() && !isPostgres() && !databaseUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            throw new IllegalStateException("AIGATE_DATABASE_URL must be a jdbc:postgresql: URL (or empty for the"
                    + " embedded store under AIGATE_DATA_DIR); got " + databaseUrl.split("[;?]", 2)[0]);
        }
        return this;
    }

    public boolean isEmbedded() {
        return databaseUrl == null || databaseUrl.isBlank();
    }

    /**
     * The URL to connect to. The embedded store runs H2 in PostgreSQL mode, writes every commit to the file
     * before the commit returns ({@code WRITE_DELAY=0}, so a {@code kill -9} loses no accepted delivery),
     * and leaves closing to us ({@code DB_CLOSE_ON_EXIT=FALSE}) so graceful shutdown can still release jobs.
     * Writing every commit leaves H2 without its background compaction, which {@link EmbeddedStoreCompaction} does
     * from a thread of its own while the server runs; closing compacts fully, for up to 5 s
     * ({@code MAX_COMPACT_TIME}; H2's default of 200 ms leaves a large file several times bigger than needed).
     */
    public String jdbcUrl() {
        if (!isEmbedded()) {
            return databaseUrl;
        }
        Path file = dataDir.toAbsolutePath().normalize().resolve(EMBEDDED_NAME);
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;MAX_COMPACT_TIME=5000";
    }

    /** The URL without credentials or options, for logs. */
    public String describe() {
        String url = jdbcUrl();
        int semicolon = url.indexOf(';');
        int query = url.indexOf('?');
        int cut = semicolon < 0 ? query : (query < 0 ? semicolon : Math.min(semicolon, query));
        return cut < 0 ? url : url.substring(0, cut);
    }
}
