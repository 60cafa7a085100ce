package dev.aigate.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before the embedded store opens its file for writing: is the file there an ai-gate store? Opening it for
 * writing changes it (H2 writes a chunk and compacts when it closes), so a file that is not ours is refused
 * first, with its path, and left exactly as it was:
 * <ul>
 *   <li>a file that does not start with an H2 2.x store header (garbage, a text file, another program's file);</li>
 *   <li>an H2 file that H2 cannot read (corrupt, or from H2 1.x);</li>
 *   <li>an H2 database with tables but without ai-gate's schema history (another program's database).</li>
 * </ul>
 * An empty or missing file is a new store. Another running server holding the file is not decided here: the
 * open that follows fails with H2's lock error, which the start-up reports in one line (StartupFailure).
 */
final class EmbeddedStoreCheck {

    /** H2 2.x writes this at the start of its store header. */
    private static final String HEADER = "H:2,";
    /** H2's "Database may be already in use". */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private EmbeddedStoreCheck() {
    }

    static void refuseForeignFile(StoreSettings settings) {
        Path file = settings.dataDir().toAbsolutePath().normalize().resolve(StoreSettings.EMBEDDED_NAME + ".mv.db");
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
            byte[] start = new byte[HEADER.length()];
            int read;
            try (InputStream in = Files.newInputStream(file)) {
                read = in.readNBytes(start, 0, start.length);
            }
            if (read < start.length || !HEADER.equals(new String(start, StandardCharsets.ISO_8859_1))) {
                throw refused(file, "is not an ai-gate store (not an H2 database file)", null);
            }
        } catch (IOException e) {
            throw new UnusableStoreException("cannot read " + file + ": " + e.getMessage()
                    + "; check its permissions or set AIGATE_DATA_DIR", e);
        }
        List<String> tables = new ArrayList<>();
        // The store's own settings (a store made with DATABASE_TO_LOWER has a lower-case schema), read-only.
        String url = settings.jdbcUrl() + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                     + " WHERE UPPER(TABLE_SCHEMA) <> 'INFORMATION_SCHEMA'")) {
            while (rs.next()) {
                tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return; // in use by another server: the real open says so
            }
            String cause = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw refused(file, "cannot be read as an ai-gate store (H2: " + cause + ")", e);
        }
        if (!tables.isEmpty() && !tables.contains("aigate_schema_history")) {
            throw refused(file, "is another program's H2 database, not an ai-gate store (tables: "
                    + String.join(", ", tables.subList(0, Math.min(5, tables.size()))) + ")", null);
        }
    }

    private static UnusableStoreException refused(Path file, String what, Throwable cause) {
        return new UnusableStoreException(file + " " + what + "; it was left as it is. Move it away to start a new"
                + " store there, or set AIGATE_DATA_DIR to the directory of your ai-gate store", cause);
    }
}
