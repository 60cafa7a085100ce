package dev.aigate.setup;

import dev.aigate.github.AppCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayeredCredentialsProviderTest {

    @TempDir
    Path dataDir;

    private final RegisteredApp app = new RegisteredApp("77", "ai-gate-acme", "https://github.com/apps/ai-gate-acme",
            "https://api.github.com", "-----BEGIN RSA PRIVATE KEY-----\nstored\n-----END RSA PRIVATE KEY-----\n",
            "stored-secret");

    private LayeredCredentialsProvider provider(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("AIGATE_DATA_DIR", dataDir.toString());
        return LayeredCredentialsProvider.fromEnvironment(all);
    }

    @Test
    void nothingConfiguredNamesEveryMissingPiece() {
        LayeredCredentialsProvider provider = provider(Map.of());
        assertTrue(provider.current().isEmpty());
        assertEquals(3, provider.missing().size(), provider.missing().toString());
        assertTrue(provider.missing().get(0).startsWith("AIGATE_APP_ID"));
    }

    @Test
    void storedAppIsUsedAtOnceAndKeptOwnerOnly() throws Exception {
        LayeredCredentialsProvider provider = provider(Map.of());
        provider.store(app);
        AppCredentials credentials = provider.current().orElseThrow();
        assertEquals("77", credentials.appId());
        assertEquals("stored-secret", credentials.webhookSecret());
        assertTrue(provider.missing().isEmpty());
        Path file = dataDir.resolve(CredentialsFile.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(dataDir.resolve(CredentialsFile.FILE_NAME + ".tmp")));

        // Another process (a restarted server, the CLI) reads the same file.
        assertEquals("77", provider(Map.of()).current().orElseThrow().appId());
    }

    @Test
    void environmentWinsOverTheStoredFileValueByValue() {
        provider(Map.of()).store(app);
        LayeredCredentialsProvider provider = provider(Map.of("AIGATE_WEBHOOK_SECRET", "env-secret"));
        AppCredentials credentials = provider.current().orElseThrow();
        assertEquals("env-secret", credentials.webhookSecret());
        assertEquals("77", credentials.appId());
        assertTrue(credentials.privateKeyPem().contains("stored"));
    }

    @Test
    void environmentAloneIsEnough() throws Exception {
        Path key = dataDir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nenv\n-----END PRIVATE KEY-----\n");
        LayeredCredentialsProvider provider = provider(Map.of("AIGATE_APP_ID", "5",
                "AIGATE_PRIVATE_KEY_FILE", key.toString(), "AIGATE_WEBHOOK_SECRET", "s"));
        assertEquals("5", provider.current().orElseThrow().appId());
        assertTrue(provider.current().orElseThrow().privateKeyPem().contains("env"));
    }

    @Test
    void aChangedFileIsReReadAndAnUnreadableOneIsReported() throws Exception {
        LayeredCredentialsProvider provider = provider(Map.of());
        provider.store(app);
        Path file = dataDir.resolve(CredentialsFile.FILE_NAME);
        Files.writeString(file, "{not json");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertTrue(provider.current().isEmpty());
        assertTrue(provider.missing().get(0).contains(CredentialsFile.FILE_NAME), provider.missing().toString());
        assertFalse(provider.missing().toString().contains("stored-secret"));

        Files.delete(file);
        assertTrue(provider.current().isEmpty());
        assertEquals(3, provider.missing().size());
    }

    @Test
    void secretsNeverAppearInToString() {
        assertFalse(app.toString().contains("stored-secret"));
        assertFalse(app.toString().contains("BEGIN"));
    }

    @Test
    void anAppRegisteredOnEnterpriseServerBringsItsApiUrlUnlessOneIsSet() {
        RegisteredApp ghes = new RegisteredApp("9", "gate", "https://ghe.example.test/github-apps/gate",
                "https://ghe.example.test/api/v3", app.privateKeyPem(), "s");
        provider(Map.of()).store(ghes);
        assertEquals("https://ghe.example.test/api/v3", provider(Map.of()).settings().getApiUrl());
        assertEquals("https://other.example.test/api/v3",
                provider(Map.of("AIGATE_GITHUB_API_URL", "https://other.example.test/api/v3")).settings().getApiUrl());
    }
}
