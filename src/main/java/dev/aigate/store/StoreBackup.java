package dev.aigate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A consistent copy of the embedded store while it is in use: H2's {@code BACKUP TO}, which zips the database
 * file without locking anything, transactionally consistent through MVCC. The zip holds {@code ai-gate.mv.db};
 * restoring is unzipping it into the data directory of a stopped server (docs/operations.md). PostgreSQL is
 * backed up with its own tools.
 */
public final class StoreBackup {

    /** Where the server writes its backups before handing them out: a directory of its own under the data dir. */
    public static final String DIRECTORY = "backups";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private StoreBackup() {
    }

    /**
     * A fresh, not yet existing file name {@code DATA_DIR/backups/ai-gate-<UTC time>-<random>.zip}; the name
     * is never taken from a caller, so whoever asks for a backup cannot choose where the server writes.
     */
    public static Path newBackupFile(StoreSettings settings, Clock clock) throws IOException {
        Path dir = Files.createDirectories(settings.dataDir().toAbsolutePath().normalize().resolve(DIRECTORY));
        String stamp = STAMP.format(clock.instant());
        return dir.resolve("ai-gate-" + stamp + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".zip");
    }

    /** Writes a consistent zip of the H2 database behind {@code connection} to {@code zip} (which must not exist). */
    public static void backup(Connection connection, Path zip) throws SQLException {
        String path = zip.toAbsolutePath().normalize().toString().replace("'", "''");
        try (Statement s = connection.createStatement()) {
            s.execute("BACKUP TO '" + path + "'");
        }
    }
}
