package dev.aigate.recovery;

import dev.aigate.github.AppCredentials;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubSettings;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.testing.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Delivery-log entries shaped like GitHub's {@code GET /app/hook/deliveries} items, and the App's clients. */
final class HookDeliveriesFixture {

    /** The test App's id: its JWTs name it as their issuer. */
    static final String APP_ID = "12345";

    private HookDeliveriesFixture() {
    }

    /** The GitHub adapter as production builds it, for the App with the test key, against {@code apiUrl}. */
    static GitHubClients clients(String apiUrl, Path dataDir) {
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(apiUrl);
        AppCredentials app = new AppCredentials(APP_ID, Fixtures.text("keys/test-app.pkcs1.pem"), "secret");
        CredentialsProvider credentials = CredentialsProvider.apiOnly(() -> Optional.of(app), List::of);
        return new GitHubClients(settings, credentials, new GateMetrics(new SimpleMeterRegistry()), dataDir.toString());
    }

    static String item(long id, String guid, Instant at, int status, boolean redelivery) {
        return """
                {"id": %d, "guid": "%s", "delivered_at": "%s", "redelivery": %s, "duration": 0.27,
                 "status": "%s", "status_code": %d, "event": "pull_request", "action": "opened",
                 "installation_id": 123, "repository_id": 456, "throttled_at": null}"""
                .formatted(id, guid, at, redelivery, status == 200 ? "OK" : "Failure", status);
    }

    static String page(String... items) {
        return "[" + String.join(",", items) + "]";
    }
}
