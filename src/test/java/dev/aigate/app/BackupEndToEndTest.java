package dev.aigate.app;

import dev.aigate.cli.BackupCommand;
import dev.aigate.store.StoreSettings;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import dev.aigate.testing.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backup FILE} as an operator runs it: against the real server process while it serves, then the
 * restore of docs/operations.md (stop, unzip into a fresh data directory, start) and the decision read back.
 */
class BackupEndToEndTest {

    static final String SECRET = "backup-secret";
    final FakeGitHub github = new FakeGitHub();
    final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : servers) {
            p.destroyForcibly().waitFor();
        }
        github.close();
    }

    record Ran(int code, String out, String err) {
    }

    /** {@code java -jar ai-gate.jar ARGS} in a process of its own, with exactly {@code env}. */
    static Ran process(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ServerProcess.javaBin()));
        command.addAll(ServerProcess.JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.aigate.Application"));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AIGATE_") || k.startsWith("MICRONAUT_"));
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("backup still running after 60 s:\n" + Files.readString(stdout) + Files.readString(stderr));
        }
        return new Ran(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    static Ran inProcess(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new BackupCommand(env).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Process start(Map<String, String> env, Path log) throws Exception {
        Process p = ServerProcess.start(env, log);
        servers.add(p);
        ServerProcess.awaitHealth("http://127.0.0.1:" + env.get("MICRONAUT_SERVER_PORT"), p, log);
        return p;
    }

    private static void stopGracefully(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server stops on SIGTERM");
    }

    /** Decisions recorded for {@code head} in the embedded store under {@code data} (no server may hold it). */
    static int decisions(Path data, String head) throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", data, 1);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl() + ";IFEXISTS=TRUE", "sa", "");
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM aigate_decision WHERE head_sha = ?")) {
            s.setString(1, head);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static List<String> entries(Path zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    /** What docs/operations.md says: unzip the backup into the (stopped server's) data directory. */
    static void unzip(Path zip, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path to = dir.resolve(e.getName()).normalize();
                assertTrue(to.startsWith(dir), e.getName());
                Files.copy(in, to);
            }
        }
    }

    @Test
    void aBackupTakenWhileTheServerRunsRestoresItsDecisions(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
        Path data = dir.resolve("data");
        int port = ServerProcess.freePort();
        Map<String, String> env = ServerProcess.environment(github.url(), key, SECRET, data, port);
        Process server = start(env, dir.resolve("server.log"));

        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), null);
        new WebhookSender("http://127.0.0.1:" + port, SECRET)
                .send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(60));
        String head = github.headSha();

        // A wrong token is refused by the server, with what to do, and nothing is written.
        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("AIGATE_ADMIN_TOKEN", "not-the-token");
        Path refused = dir.resolve("refused.zip");
        Ran bad = inProcess(wrong, refused.toString());
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("answered HTTP 401") && bad.err().contains("AIGATE_ADMIN_TOKEN"), bad.err());
        assertFalse(Files.exists(refused));

        // The operator's command, in its own process, with the server's environment, while the server runs.
        Path backup = dir.resolve("ai-gate-backup.zip");
        Ran ran = process(dir, env, "backup", backup.toString());
        assertEquals(0, ran.code(), ran.out() + ran.err());
        assertTrue(ran.out().contains("wrote " + backup), ran.out());
        assertEquals(List.of(StoreSettings.EMBEDDED_NAME + ".mv.db"), entries(backup));
        assertEquals(List.of(), listing(data.resolve("backups")), "the server keeps no copy behind");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".part")).toList());
        }

        // An existing FILE is kept as it is.
        byte[] before = Files.readAllBytes(backup);
        Ran again = inProcess(env, backup.toString());
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("exists; pass --force"), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(backup)));

        stopGracefully(server);

        // Restore: a fresh data directory, the backup unzipped into it, a server started on it.
        Path restored = dir.resolve("restored");
        unzip(backup, restored);
        int port2 = ServerProcess.freePort();
        Process second = start(ServerProcess.environment(github.url(), key, SECRET, restored, port2), dir.resolve("restored.log"));
        stopGracefully(second);
        assertEquals(1, decisions(restored, head), "the decision recorded before the backup is in the restored store");

        // With no server running, the command opens the store itself; --force replaces the old FILE.
        Ran offline = inProcess(env, backup.toString(), "--force");
        assertEquals(0, offline.code(), offline.err());
        Path restoredOffline = dir.resolve("restored-offline");
        unzip(backup, restoredOffline);
        assertEquals(1, decisions(restoredOffline, head));
    }

    private static List<Path> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aStoreHeldByAServerThatDoesNotAnswerIsNamedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
        Path data = dir.resolve("data");
        Map<String, String> env = ServerProcess.environment(github.url(), key, SECRET, data, ServerProcess.freePort());
        start(env, dir.resolve("server.log"));
        Path file = dir.resolve("b.zip");
        Map<String, String> elsewhere = new HashMap<>(env);
        elsewhere.put("MICRONAUT_SERVER_PORT", Integer.toString(ServerProcess.freePort()));
        Ran ran = inProcess(elsewhere, file.toString());
        assertEquals(1, ran.code(), ran.err());
        assertTrue(ran.err().contains("another process holds the store"), ran.err());
        assertFalse(Files.exists(file));

        // A server named with --server that does not answer is not replaced by the local store.
        Ran named = inProcess(env, file.toString(), "--server", "http://127.0.0.1:" + ServerProcess.freePort());
        assertEquals(1, named.code(), named.err());
        assertTrue(named.err().contains("cannot reach the server at http://127.0.0.1:"), named.err());
        assertFalse(Files.exists(file));
    }
}
