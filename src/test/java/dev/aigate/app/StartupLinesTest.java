package dev.aigate.app;

import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the real server process says at start: the address GitHub delivers to, and, when it cannot start,
 * one line with the remedy instead of a stack trace. One server runs for the class; the failing ones start beside it.
 */
class StartupLinesTest {

    static final String PUBLIC_URL = "https://gate.example.org";

    @TempDir
    static Path dir;
    static FakeGitHub github;
    static Process first;
    static Path firstLog;
    static Path data;
    static Path key;
    static int port;

    @BeforeAll
    static void startOne() throws Exception {
        github = new FakeGitHub();
        data = dir.resolve("data");
        key = dir.resolve("key.pem");
        Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
        port = ServerProcess.freePort();
        firstLog = dir.resolve("first.log");
        Map<String, String> env = ServerProcess.environment(github.url(), key, "s3cret", data, port);
        env.put("AIGATE_PUBLIC_URL", PUBLIC_URL + "/");
        first = ServerProcess.start(env, firstLog);
        ServerProcess.awaitHealth("http://127.0.0.1:" + port, first, firstLog);
    }

    @AfterAll
    static void stop() throws Exception {
        if (first != null) {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        github.close();
    }

    /** Starts a second server and waits for it to give up; returns its exit code. */
    static int startFailing(Map<String, String> env, Path log) throws Exception {
        Process p = ServerProcess.start(env, log);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the second server kept running:\n" + Files.readString(log));
        }
        return p.exitValue();
    }

    static void assertNoStackTrace(String log) {
        assertFalse(log.contains("\tat ") || log.contains("Caused by:"), "one line, not a stack trace:\n" + log);
        assertTrue(log.lines().filter(l -> l.contains(" ERROR ")).count() <= 2, log);
    }

    @Test
    void theStartUpLineNamesThePublicUrlWebhooksGoTo() throws Exception {
        String log = Files.readString(firstLog);
        assertTrue(log.contains("webhooks go to " + PUBLIC_URL + "/api/github/webhooks"), log);
        assertFalse(log.contains("webhooks go to http://localhost"), log);
    }

    @Test
    void aSecondServerOnTheSameDataDirectorySaysSoInOneLine() throws Exception {
        Path log = dir.resolve("second.log");
        int code = startFailing(ServerProcess.environment(github.url(), key, "s3cret", data, ServerProcess.freePort()), log);
        String text = Files.readString(log);
        assertNotEquals(0, code, text);
        assertTrue(text.contains("another ai-gate is using " + data.toAbsolutePath().normalize()
                + "; stop it or set AIGATE_DATA_DIR"), text);
        assertNoStackTrace(text);
    }

    @Test
    void aPortInUseSaysSoInOneLineNamingTheSetting() throws Exception {
        Path log = dir.resolve("third.log");
        int busy;
        try (ServerSocket taken = new ServerSocket(0)) {
            busy = taken.getLocalPort();
            int code = startFailing(ServerProcess.environment(github.url(), key, "s3cret", dir.resolve("other"), busy), log);
            String text = Files.readString(log);
            assertNotEquals(0, code, text);
            List<String> lines = text.lines().filter(l -> l.contains("MICRONAUT_SERVER_PORT")).toList();
            assertEquals(1, lines.size(), text);
            assertTrue(lines.get(0).contains("port " + busy + " is already in use"), text);
            assertNoStackTrace(text);
        }
    }
}
