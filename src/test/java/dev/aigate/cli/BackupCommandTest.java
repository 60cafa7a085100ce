package dev.aigate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code backup} refuses before it asks anyone: PostgreSQL, an existing FILE, a store that is not there. */
class BackupCommandTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int backup(Map<String, String> env, String... args) {
        return new BackupCommand(env).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void postgresqlIsBackedUpWithPgDump(@TempDir Path dir) {
        Path file = dir.resolve("b.zip");
        int code = backup(Map.of("AIGATE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test"), file.toString());
        assertEquals(2, code, err());
        assertTrue(err().contains("the store is PostgreSQL") && err().contains("pg_dump"), err());
        assertEquals(1, err().lines().count(), err());
        assertFalse(Files.exists(file));
    }

    @Test
    void anExistingFileIsNotOverwrittenWithoutForce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("b.zip"), "an older backup");
        int code = backup(Map.of("AIGATE_DATA_DIR", dir.resolve("data").toString()), file.toString());
        assertEquals(2, code, err());
        assertTrue(err().contains(file + " exists; pass --force to replace it"), err());
        assertEquals("an older backup", Files.readString(file));
    }

    @Test
    void noServerAndNoStoreSaysWhereItLookedAndCreatesNothing(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path file = dir.resolve("b.zip");
        int code = backup(Map.of("AIGATE_DATA_DIR", data.toString(),
                "MICRONAUT_SERVER_PORT", Integer.toString(dev.aigate.testing.ServerProcess.freePort())), file.toString());
        assertEquals(1, code, err());
        assertTrue(err().contains("no server answers at http://127.0.0.1:") && err().contains("there is no store at "
                + data.toAbsolutePath().normalize().resolve("ai-gate.mv.db")), err());
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(data), "no empty store was created");
    }

    @Test
    void aMissingFileArgumentIsAUsageError() {
        assertEquals(2, backup(Map.of()));
        assertTrue(err().contains("usage: java -jar ai-gate.jar backup FILE"), err());
    }
}
