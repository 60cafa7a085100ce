package dev.aigate.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file in the data directory that is not an ai-gate store (garbage, another program's file, another program's H2
 * database) is refused with its path, and not a byte of it is changed.
 */
class EmbeddedStoreRefusalTest {

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random bytes", "a text file", "another program's H2 database", "an H2 header over garbage"})
    void aFileThatIsNotAnAiGateStoreIsRefusedWithItsPathAndLeftAsItWas(String kind) throws Exception {
        StoreSettings settings = new StoreSettings("", "", "", data, 2);
        Path file = data.resolve(StoreSettings.EMBEDDED_NAME + ".mv.db");
        switch (kind) {
            case "random bytes" -> {
                byte[] bytes = new byte[64 * 1024];
                new Random(7).nextBytes(bytes);
                Files.write(file, bytes);
            }
            case "a text file" -> Files.writeString(file, "these are my notes, not a database\n".repeat(100));
            case "another program's H2 database" -> {
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve(StoreSettings.EMBEDDED_NAME), "sa", "");
                     Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE invoices (id INT PRIMARY KEY, amount INT)");
                    s.execute("INSERT INTO invoices VALUES (1, 100)");
                }
            }
            case "an H2 header over garbage" -> {
                byte[] bytes = new byte[64 * 1024];
                new Random(11).nextBytes(bytes);
                byte[] header = "H:2,block:2,blockSize:1000,chunk:1,created:18c0,format:3,version:1,fletcher:0\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                System.arraycopy(header, 0, bytes, 0, header.length);
                Files.write(file, bytes);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        String before = digest(file);
        long size = Files.size(file);

        UnusableStoreException e = assertThrows(UnusableStoreException.class, () -> StoreFactory.openMigrated(settings));
        System.out.println(kind + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(file.toAbsolutePath().normalize().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("AIGATE_DATA_DIR"), "says what to do: " + e.getMessage());
        assertEquals(size, Files.size(file), "the file keeps its size");
        assertEquals(before, digest(file), "not a byte of the file changed");
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
