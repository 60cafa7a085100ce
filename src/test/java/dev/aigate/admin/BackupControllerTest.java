package dev.aigate.admin;

import com.zaxxer.hikari.HikariDataSource;
import dev.aigate.github.AppCredentials;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.store.StoreFactory;
import dev.aigate.store.StoreSettings;
import dev.aigate.store.TestDatabases;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.types.files.StreamedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.time.Instant;
import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.QueueSettings;
import dev.aigate.queue.WorkTarget;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/admin/backup} on a real store: only with the token, only into its own directory, never on PostgreSQL. */
class BackupControllerTest {

    static final String TOKEN = "admin-token-for-backup";

    static final CredentialsProvider NO_APP = new CredentialsProvider() {
        @Override
        public Optional<AppCredentials> current() {
            return Optional.empty();
        }

        @Override
        public Optional<String> webhookSecret() {
            return Optional.empty();
        }

        @Override
        public List<String> missing() {
            return List.of();
        }
    };

    @Test
    void theZipHoldsTheStoreAndNoCopyStaysBehind(@TempDir Path dir) throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", dir.resolve("data"), 2);
        try (HikariDataSource store = StoreFactory.open(settings)) {
            try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v VARCHAR(20))");
                s.execute("INSERT INTO kept VALUES ('before the backup')");
            }
            BackupController controller = new BackupController(store, settings, NO_APP, TOKEN, Clock.systemUTC(),
                    new JdbcWorkQueue(store, QueueSettings.defaults(), Clock.systemUTC()));

            assertEquals(HttpStatus.UNAUTHORIZED, controller.backup("Bearer wrong").getStatus());
            assertEquals(HttpStatus.UNAUTHORIZED, controller.backup(null).getStatus());
            assertFalse(Files.exists(dir.resolve("data").resolve("backups")), "nothing is written for a refused call");

            HttpResponse<?> answer = controller.backup("Bearer " + TOKEN);
            assertEquals(HttpStatus.OK, answer.getStatus());
            StreamedFile zip = assertInstanceOf(StreamedFile.class, answer.body());
            Path restored = dir.resolve("restored");
            Files.createDirectories(restored);
            try (InputStream in = zip.getInputStream(); ZipInputStream entries = new ZipInputStream(in)) {
                ZipEntry entry = entries.getNextEntry();
                assertEquals(StoreSettings.EMBEDDED_NAME + ".mv.db", entry.getName());
                Files.copy(entries, restored.resolve(entry.getName()));
            }
            try (var left = Files.list(dir.resolve("data").resolve("backups"))) {
                assertEquals(List.of(), left.toList(), "the server removes its copy once handed out");
            }
            String url = new StoreSettings("", "", "", restored, 1).jdbcUrl() + ";IFEXISTS=TRUE";
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertTrue(rs.next());
                assertEquals("before the backup", rs.getString(1));
            }
        }
    }

    @Test
    void deliveriesStillInTheIngressJournalAreInTheBackup(@TempDir Path dir) throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", dir.resolve("data"), 4);
        WorkTarget pr = WorkTarget.pullRequest(7, "acme/app", 1);
        try (HikariDataSource store = StoreFactory.openMigrated(settings)) {
            JdbcWorkQueue queue = new JdbcWorkQueue(store, QueueSettings.defaults(), Clock.systemUTC(),
                    dir.resolve("data").resolve("journal"), true);
            assertTrue(queue.accept(delivery("seed"), List.of(pr)));
            assertTrue(queue.awaitIngress(Duration.ofSeconds(30)));
            BackupController controller = new BackupController(store, settings, NO_APP, TOKEN, Clock.systemUTC(), queue);
            CompletableFuture<HttpResponse<?>> answer;
            try (Connection lock = store.getConnection()) {
                // Hold the work row the next delivery adds to: it is answered from the journal and cannot reach
                // the store until the lock goes.
                lock.setAutoCommit(false);
                try (Statement s = lock.createStatement()) {
                    s.executeUpdate("UPDATE aigate_work SET updated_at = updated_at WHERE job_key = '" + pr.key() + "'");
                }
                assertTrue(queue.accept(delivery("journaled"), List.of(pr)));
                answer = CompletableFuture.supplyAsync(() -> controller.backup("Bearer " + TOKEN));
                assertFalse(queue.awaitIngress(Duration.ofMillis(300)), "still only in the journal");
                lock.rollback();
            }
            HttpResponse<?> response = answer.get(60, TimeUnit.SECONDS);
            assertEquals(HttpStatus.OK, response.getStatus());
            Path restored = dir.resolve("restored");
            Files.createDirectories(restored);
            try (InputStream in = assertInstanceOf(StreamedFile.class, response.body()).getInputStream();
                 ZipInputStream entries = new ZipInputStream(in)) {
                Files.copy(entries, restored.resolve(entries.getNextEntry().getName()));
            }
            String url = new StoreSettings("", "", "", restored, 1).jdbcUrl() + ";IFEXISTS=TRUE";
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM aigate_delivery WHERE delivery_id = 'journaled'")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "the backup waited for the journal to reach the store");
            }
            queue.close();
        }
    }

    private static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 7, Instant.now(), 2);
    }

    @Test
    void withoutAnyTokenTheEndpointIsOff(@TempDir Path dir) {
        StoreSettings settings = new StoreSettings("", "", "", dir.resolve("data"), 2);
        BackupController controller = new BackupController(null, settings, NO_APP, "", Clock.systemUTC(), null);
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, controller.backup("Bearer ").getStatus());
        assertFalse(Files.exists(dir.resolve("data")), "nothing is written for a refused call");
    }

    @Test
    void postgresqlIsAnsweredWithPgDump(@TempDir Path dir) {
        try (TestDatabases.Db db = TestDatabases.postgres()) {
            StoreSettings settings = new StoreSettings(db.url(), TestDatabases.PG_USER, "", dir.resolve("data"), 2);
            HttpResponse<?> answer = new BackupController(db.dataSource(), settings, NO_APP, TOKEN, Clock.systemUTC(), null)
                    .backup("Bearer " + TOKEN);
            assertEquals(HttpStatus.CONFLICT, answer.getStatus());
            assertTrue(String.valueOf(((Map<?, ?>) answer.body()).get("error")).contains("pg_dump"), String.valueOf(answer.body()));
            assertFalse(Files.exists(dir.resolve("data")));
        }
    }
}
