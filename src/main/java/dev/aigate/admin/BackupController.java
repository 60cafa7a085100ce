package dev.aigate.admin;

import dev.aigate.github.CredentialsProvider;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.store.StoreBackup;
import dev.aigate.store.StoreSettings;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/admin/backup}: a consistent copy of the embedded store, made by the server that holds it
 * open (the CLI cannot open the locked file). The server writes the zip to a name it picks itself under
 * {@code AIGATE_DATA_DIR/backups/}, answers with its bytes and removes it, so a token holder can neither choose
 * where the server writes nor fill its disk with copies. PostgreSQL answers 409: back it up with {@code pg_dump}.
 */
@Controller("/api/admin")
public class BackupController {

    private static final Logger LOG = LoggerFactory.getLogger(BackupController.class);
    static final MediaType ZIP = MediaType.of("application/zip");

    private final DataSource dataSource;
    private final StoreSettings settings;
    private final CredentialsProvider credentials;
    private final String adminToken;
    private final Clock clock;
    private final JdbcWorkQueue queue;

    public BackupController(DataSource dataSource, StoreSettings settings, CredentialsProvider credentials,
                            @Value("${aigate.admin-token:}") String adminToken, Clock clock, JdbcWorkQueue queue) {
        this.queue = queue;
        this.dataSource = dataSource;
        this.settings = settings;
        this.credentials = credentials;
        this.adminToken = adminToken;
        this.clock = clock;
    }

    @Post("/backup")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> backup(@Nullable @Header("Authorization") String authorization) {
        Optional<HttpResponse<Map<String, Object>>> refused = AdminController.unauthorised(authorization, adminToken, credentials);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (settings.isPostgres()) {
            return AdminController.problem(HttpStatus.CONFLICT,
                    "the store is PostgreSQL: back it up with pg_dump (docs/operations.md)");
        }
        Path zip = null;
        try {
            zip = StoreBackup.newBackupFile(settings, clock);
            // Deliveries answered from the ingress journal a moment ago belong in the copy too.
            if (!queue.awaitIngress(Duration.ofSeconds(10))) {
                LOG.warn("The backup starts with deliveries still in the ingress journal: the store is not taking them");
            }
            try (Connection c = dataSource.getConnection()) {
                StoreBackup.backup(c, zip);
            }
            long size = Files.size(zip);
            InputStream in = Files.newInputStream(zip);
            // The open stream keeps the bytes readable; the name goes now, so no copy outlives the answer.
            deleteQuietly(zip);
            LOG.info("Operator took a backup of the embedded store ({} bytes)", size);
            return HttpResponse.ok(new StreamedFile(in, ZIP, clock.millis(), size))
                    .header("Content-Disposition", "attachment; filename=\"" + zip.getFileName() + "\"");
        } catch (IOException | SQLException e) {
            if (zip != null) {
                deleteQuietly(zip);
            }
            LOG.warn("A backup of the embedded store failed: {}", e.toString());
            return AdminController.problem(HttpStatus.INTERNAL_SERVER_ERROR, "the backup failed: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit(); // a platform that cannot remove an open file: at exit, then
        }
    }
}
