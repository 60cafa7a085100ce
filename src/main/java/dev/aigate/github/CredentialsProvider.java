package dev.aigate.github;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the App's credentials come from (environment, or the registration flow's stored file).
 * Credentials can arrive while the server runs; callers ask each time rather than caching.
 */
public interface CredentialsProvider {

    /**
     * Credentials for calling the API only, without a webhook secret (a command receives no webhooks): the
     * App's id and key when {@code current} has them, none when a fixed token does the work
     * ({@link GitHubClients#withToken(String)}).
     *
     * @param missing what is missing, for the message when a command needs the App after all
     */
    static CredentialsProvider apiOnly(Supplier<Optional<AppCredentials>> current, Supplier<List<String>> missing) {
        return new CredentialsProvider() {
            @Override
            public Optional<AppCredentials> current() {
                return current.get();
            }

            @Override
            public Optional<String> webhookSecret() {
                return Optional.empty();
            }

            @Override
            public List<String> missing() {
                return missing.get();
            }
        };
    }

    /** The credentials, when complete. */
    Optional<AppCredentials> current();

    /** The App id alone, without reading the key (ingress asks on every delivery). */
    default Optional<String> appId() {
        return current().map(AppCredentials::appId);
    }

    /** The App id as a number; 0 when it is not configured or not numeric. */
    default long numericAppId() {
        return appId().map(id -> {
            try {
                return Long.parseLong(id.strip());
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    /** The webhook secret alone (ingress can verify before the App key is known). */
    Optional<String> webhookSecret();

    /** What is missing, for the start-up message and readiness; empty when complete. */
    List<String> missing();

    /**
     * The variables still to set, by name only (never a value or a path), for answers anyone can read such as
     * the health endpoint's; empty when complete.
     */
    default List<String> missingSettings() {
        if (current().isPresent()) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        if (appId().isEmpty()) {
            names.add("AIGATE_APP_ID");
        }
        if (!names.isEmpty() || webhookSecret().isPresent()) {
            names.add("AIGATE_PRIVATE_KEY_FILE (or AIGATE_PRIVATE_KEY)");
        }
        if (webhookSecret().isEmpty()) {
            names.add("AIGATE_WEBHOOK_SECRET");
        }
        return names;
    }
}
