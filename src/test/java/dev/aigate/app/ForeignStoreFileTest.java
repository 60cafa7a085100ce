package dev.aigate.app;

import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real server, started on a data directory whose store file is not an ai-gate store: one line, file untouched. */
class ForeignStoreFileTest {

    @TempDir
    Path dir;

    @Test
    void aServerOnAForeignStoreFileRefusesItInOneLineAndLeavesIt() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path file = data.resolve("ai-gate.mv.db");
        byte[] notes = "PK\u0003\u0004 a zip someone saved under the store's name\n".repeat(200).getBytes();
        Files.write(file, notes);
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
        Path log = dir.resolve("server.log");
        try (FakeGitHub github = new FakeGitHub()) {
            int code = StartupLinesTest.startFailing(
                    ServerProcess.environment(github.url(), key, "s3cret", data, ServerProcess.freePort()), log);
            String text = Files.readString(log);
            assertNotEquals(0, code, text);
            assertTrue(text.contains(file.toAbsolutePath().normalize() + " is not an ai-gate store"), text);
            assertTrue(text.contains("set AIGATE_DATA_DIR"), text);
            StartupLinesTest.assertNoStackTrace(text);
        }
        assertTrue(Arrays.equals(notes, Files.readAllBytes(file)), "the file was left exactly as it was");
    }
}
