package dev.aigate.github;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Credentials from the environment: {@code AIGATE_APP_ID}, {@code AIGATE_PRIVATE_KEY_FILE} or
 * {@code AIGATE_PRIVATE_KEY}, and {@code AIGATE_WEBHOOK_SECRET}.
 */
@Singleton
public class EnvironmentCredentialsProvider implements CredentialsProvider {

    private final GitHubSettings settings;

    public EnvironmentCredentialsProvider(GitHubSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<AppCredentials> current() {
        Optional<String> secret = webhookSecret();
        Optional<String> key = privateKey();
        if (settings.getAppId().isEmpty() || key.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AppCredentials(settings.getAppId(), key.get(), secret.get()));
    }

    @Override
    public Optional<String> webhookSecret() {
        return settings.getWebhookSecret().isEmpty() ? Optional.empty() : Optional.of(settings.getWebhookSecret());
    }

    @Override
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (settings.getAppId().isEmpty()) {
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

    private Optional<String> privateKey() {
        if (!settings.getPrivateKey().isBlank()) {
            return Optional.of(settings.getPrivateKey());
        }
        if (settings.getPrivateKeyFile().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(settings.getPrivateKeyFile()), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
