package dev.aigate.setup;

import dev.aigate.github.AppCredentials;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.github.GitHubSettings;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The App's credentials: each value from the environment when set ({@code AIGATE_APP_ID},
 * {@code AIGATE_PRIVATE_KEY} or {@code AIGATE_PRIVATE_KEY_FILE}, {@code AIGATE_WEBHOOK_SECRET}), otherwise from
 * the App the registration flow stored in {@code AIGATE_DATA_DIR}. {@link #store} takes effect at once: the
 * next {@link #current()} returns the new App, no restart needed. The GitHub API is always
 * {@code AIGATE_GITHUB_API_URL}: a stored App created on another API is not used (see {@link #foreignApi}).
 */
@Singleton
public class LayeredCredentialsProvider implements CredentialsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(LayeredCredentialsProvider.class);

    private final GitHubSettings settings;
    private final CredentialsFile file;
    private volatile Snapshot stored = new Snapshot(Optional.empty(), null, null);

    public LayeredCredentialsProvider(GitHubSettings settings, @Value("${aigate.data-dir:./data}") String dataDir) {
        this.settings = settings;
        this.file = new CredentialsFile(Path.of(dataDir));
        storedSnapshot(); // a stored App that names another GitHub API is reported at start
    }

    /**
     * The GitHub API is the operator's setting ({@code AIGATE_GITHUB_API_URL}) and nothing else. A stored App
     * that names another API was not registered through this server's setup (which stores the configured API),
     * for instance planted by an older version's open setup page: it is not used, so the server reports itself
     * unconfigured with one WARN naming the file, and the operator decides.
     */
    private Optional<String> foreignApi(RegisteredApp app) {
        String configured = normalize(settings.getApiUrl());
        String named = normalize(app.apiUrl());
        if (named.isEmpty() || named.equalsIgnoreCase(configured)) {
            return Optional.empty();
        }
        return Optional.of(CredentialsFile.FILE_NAME + " names the GitHub API " + printable(named)
                + ", but AIGATE_GITHUB_API_URL is " + configured + "; ai-gate uses " + configured
                + " and not the stored App. If you registered that App on " + printable(named)
                + ", set AIGATE_GITHUB_API_URL to it; if you did not, delete " + file.path());
    }

    private static String normalize(String url) {
        String stripped = url == null ? "" : url.strip();
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }

    /** The file's text is untrusted: one log line, no control characters, bounded. */
    private static String printable(String text) {
        String clean = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    /** For the CLI, which runs without the server's application context. */
    public static LayeredCredentialsProvider fromEnvironment(Map<String, String> env) {
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(env.get("AIGATE_GITHUB_API_URL"));
        settings.setWebUrl(env.get("AIGATE_GITHUB_WEB_URL"));
        settings.setAppId(env.get("AIGATE_APP_ID"));
        settings.setPrivateKeyFile(env.get("AIGATE_PRIVATE_KEY_FILE"));
        settings.setPrivateKey(env.get("AIGATE_PRIVATE_KEY"));
        settings.setWebhookSecret(env.get("AIGATE_WEBHOOK_SECRET"));
        String dataDir = env.getOrDefault("AIGATE_DATA_DIR", "");
        return new LayeredCredentialsProvider(settings, dataDir.isBlank() ? "./data" : dataDir);
    }

    public GitHubSettings settings() {
        return settings;
    }

    /** Keeps a newly registered App (file mode 0600) and uses it from now on. */
    public synchronized void store(RegisteredApp app) {
        file.write(app);
        stored = new Snapshot(Optional.of(app), file.modified().orElse(null), null);
        LOG.info("Stored the GitHub App {} (id {}) in {}", app.slug(), app.appId(), file.path());
    }

    /** The App the registration flow stored, if any. */
    public Optional<RegisteredApp> registered() {
        return storedSnapshot().app();
    }

    public Path storedFile() {
        return file.path();
    }

    @Override
    public Optional<AppCredentials> current() {
        Optional<String> appId = appId();
        Optional<String> key = privateKey();
        Optional<String> secret = webhookSecret();
        if (appId.isEmpty() || key.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AppCredentials(appId.get(), key.get(), secret.get()));
    }

    /**
     * The App's id and key alone, for commands that only call GitHub's API as the App (a dry run, redelivery):
     * they receive no webhooks, so the webhook secret is not required (the record holds it when known, else "").
     */
    public Optional<AppCredentials> forApi() {
        Optional<String> appId = appId();
        Optional<String> key = privateKey();
        if (appId.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AppCredentials(appId.get(), key.get(), webhookSecret().orElse("")));
    }

    /** What {@link #forApi()} lacks: {@link #missing()} without the webhook secret. */
    public List<String> missingForApi() {
        List<String> missing = new ArrayList<>(missing());
        missing.removeIf(m -> m.startsWith("AIGATE_WEBHOOK_SECRET"));
        return missing;
    }

    @Override
    public List<String> missingSettings() {
        List<String> names = new ArrayList<>();
        if (appId().isEmpty()) {
            names.add("AIGATE_APP_ID");
        }
        if (privateKey().isEmpty()) {
            names.add("AIGATE_PRIVATE_KEY_FILE (or AIGATE_PRIVATE_KEY)");
        }
        if (webhookSecret().isEmpty()) {
            names.add("AIGATE_WEBHOOK_SECRET");
        }
        return names;
    }

    @Override
    public Optional<String> webhookSecret() {
        if (!settings.getWebhookSecret().isEmpty()) {
            return Optional.of(settings.getWebhookSecret());
        }
        return registered().map(RegisteredApp::webhookSecret).filter(s -> !s.isEmpty());
    }

    @Override
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        String problem = storedSnapshot().problem();
        if (problem != null) {
            missing.add(problem);
        }
        if (appId().isEmpty()) {
            missing.add("AIGATE_APP_ID (the GitHub App's numeric id)");
        }
        if (privateKey().isEmpty()) {
            missing.add(settings.getPrivateKeyFile().isEmpty()
                    ? "AIGATE_PRIVATE_KEY_FILE or AIGATE_PRIVATE_KEY (the App's private key, PEM)"
                    : "a readable private key at AIGATE_PRIVATE_KEY_FILE=" + settings.getPrivateKeyFile());
        }
        if (webhookSecret().isEmpty()) {
            missing.add("AIGATE_WEBHOOK_SECRET (the App's webhook secret)");
        }
        return missing;
    }

    @Override
    public Optional<String> appId() {
        if (!settings.getAppId().isEmpty()) {
            return Optional.of(settings.getAppId());
        }
        return registered().map(RegisteredApp::appId).filter(s -> !s.isEmpty());
    }

    private Optional<String> privateKey() {
        if (!settings.getPrivateKey().isBlank()) {
            return Optional.of(settings.getPrivateKey());
        }
        if (!settings.getPrivateKeyFile().isEmpty()) {
            try {
                return Optional.of(keyFile());
            } catch (IOException | RuntimeException e) {
                // an optional Secret that is not mounted: fall back to the registered App
            }
        }
        return registered().map(RegisteredApp::privateKeyPem).filter(s -> !s.isBlank());
    }

    private record KeyFile(Path path, java.nio.file.attribute.FileTime modified, long size, String text) {
    }

    private volatile KeyFile keyFile;

    /**
     * The key file's text, read again only when the file changed (a rotated Kubernetes Secret):
     * credentials are asked for on every delivery and every GitHub request.
     */
    private String keyFile() throws IOException {
        Path path = Path.of(settings.getPrivateKeyFile());
        java.nio.file.attribute.BasicFileAttributes attributes =
                Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
        KeyFile cached = keyFile;
        if (cached != null && cached.path().equals(path) && cached.modified().equals(attributes.lastModifiedTime())
                && cached.size() == attributes.size()) {
            return cached.text();
        }
        String text = Files.readString(path, StandardCharsets.US_ASCII);
        keyFile = new KeyFile(path, attributes.lastModifiedTime(), attributes.size(), text);
        return text;
    }

    /** Re-reads the file when it changed on disk (another process, or an operator restoring a backup). */
    private Snapshot storedSnapshot() {
        Snapshot current = stored;
        Instant modified = file.modified().orElse(null);
        if (modified == null) {
            if (current.app().isPresent() || current.problem() != null) {
                stored = current = new Snapshot(Optional.empty(), null, null);
            }
            return current;
        }
        if (modified.equals(current.modified())) {
            return current;
        }
        synchronized (this) {
            try {
                Optional<RegisteredApp> app = file.read();
                Optional<String> foreign = app.flatMap(this::foreignApi);
                if (foreign.isPresent()) {
                    LOG.warn(foreign.get());
                    current = new Snapshot(Optional.empty(), modified, foreign.get());
                } else {
                    current = new Snapshot(app, modified, null);
                }
            } catch (UncheckedIOException e) {
                LOG.warn("Cannot read the stored App credentials at {}: {}", file.path(), e.getMessage());
                current = new Snapshot(Optional.empty(), modified,
                        e.getMessage());
            }
            stored = current;
            return current;
        }
    }

    private record Snapshot(Optional<RegisteredApp> app, Instant modified, String problem) {
    }
}
