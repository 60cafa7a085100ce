package dev.aigate.setup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.aigate.github.AppCredentials;
import dev.aigate.github.GitHubClients;
import dev.aigate.metrics.GateMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
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

    /** What public pages (health, /setup) show: variable names, never the configured path or a value. */
    @Test
    void missingSettingsNameVariablesButNoPathOrValue() throws Exception {
        Path absent = dataDir.resolve("not-mounted/key.pem");
        LayeredCredentialsProvider provider = provider(Map.of("AIGATE_APP_ID", "5",
                "AIGATE_PRIVATE_KEY_FILE", absent.toString()));
        assertTrue(String.join(" ", provider.missing()).contains(absent.toString()), "the log may name the path");
        assertEquals(List.of("AIGATE_PRIVATE_KEY_FILE (or AIGATE_PRIVATE_KEY)", "AIGATE_WEBHOOK_SECRET"),
                provider.missingSettings());
        assertEquals(List.of("AIGATE_APP_ID", "AIGATE_PRIVATE_KEY_FILE (or AIGATE_PRIVATE_KEY)", "AIGATE_WEBHOOK_SECRET"),
                provider(Map.of()).missingSettings());
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

    /** What the open setup page of older versions could leave behind: an App on someone else's "GHES". */
    private void plantAppOn(String apiUrl) throws Exception {
        Files.writeString(dataDir.resolve(CredentialsFile.FILE_NAME), """
                {"app_id": "666", "slug": "evil", "html_url": "https://evil.example.test/github-apps/evil",
                 "api_url": "%s", "pem": "-----BEGIN RSA PRIVATE KEY-----\\nx\\n-----END RSA PRIVATE KEY-----\\n",
                 "webhook_secret": "evil-secret"}
                """.formatted(apiUrl));
    }

    @Test
    void aStoredAppNamingAnotherApiChangesNothingAndIsNotUsed() throws Exception {
        plantAppOn("https://evil.example.test/api/v3");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(LayeredCredentialsProvider.class);
        logger.addAppender(logs);
        LayeredCredentialsProvider provider;
        try {
            provider = provider(Map.of());
            provider.current();
            provider.missing();
        } finally {
            logger.detachAppender(logs);
        }

        GitHubClients clients = new GitHubClients(provider.settings(), provider,
                new GateMetrics(new SimpleMeterRegistry()), dataDir.toString());
        assertEquals("https://api.github.com", clients.apiUrl());
        assertEquals("https://github.com", provider.settings().getWebUrl());
        assertTrue(provider.current().isEmpty(), "a foreign App's key and webhook secret are not trusted");
        assertTrue(provider.registered().isEmpty());
        assertTrue(provider.webhookSecret().isEmpty());
        String problem = provider.missing().get(0);
        assertTrue(problem.contains("names the GitHub API https://evil.example.test/api/v3, but AIGATE_GITHUB_API_URL "
                + "is https://api.github.com"), problem);
        assertTrue(problem.contains("delete " + dataDir.resolve(CredentialsFile.FILE_NAME)), problem);

        List<ILoggingEvent> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(problem, warnings.get(0).getFormattedMessage());
    }

    @Test
    void theOperatorsApiWinsOverAStoredOneEvenWhenSet() throws Exception {
        plantAppOn("https://evil.example.test/api/v3");
        LayeredCredentialsProvider provider = provider(Map.of(
                "AIGATE_GITHUB_API_URL", "https://ghe.example.test/api/v3", "AIGATE_APP_ID", "5"));
        assertEquals("https://ghe.example.test/api/v3", provider.settings().getApiUrl());
        assertTrue(provider.current().isEmpty());
        assertTrue(provider.missing().get(0).contains("AIGATE_GITHUB_API_URL is https://ghe.example.test/api/v3"));
    }

    @Test
    void anAppRegisteredOnEnterpriseServerIsUsedWhenTheApiIsConfigured() {
        RegisteredApp ghes = new RegisteredApp("9", "gate", "https://ghe.example.test/github-apps/gate",
                "https://ghe.example.test/api/v3", app.privateKeyPem(), "s");
        Map<String, String> env = Map.of("AIGATE_GITHUB_API_URL", "https://ghe.example.test/api/v3/");
        provider(env).store(ghes);
        LayeredCredentialsProvider restarted = provider(env);
        assertEquals("9", restarted.current().orElseThrow().appId());
        assertTrue(restarted.missing().isEmpty(), restarted.missing().toString());
        assertEquals("https://ghe.example.test/api/v3/", restarted.settings().getApiUrl());
    }

    @Test
    void aControlCharacterInTheStoredApiStaysOnOneLine() throws Exception {
        plantAppOn("https://evil.example.test/\\nINFO forged line");
        String problem = provider(Map.of()).missing().get(0);
        assertFalse(problem.contains("\n"), problem);
        assertTrue(problem.contains("https://evil.example.test/?INFO forged line"), problem);
    }
}
