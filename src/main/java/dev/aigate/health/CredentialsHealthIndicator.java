package dev.aigate.health;

import dev.aigate.github.CredentialsProvider;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

/**
 * Ready only with complete GitHub App credentials: without them no webhook can be verified and no check run
 * published. Names what is missing (never a value). Liveness is unaffected, so a fresh server stays up for
 * the registration page.
 */
@Singleton
@Readiness
public class CredentialsHealthIndicator implements HealthIndicator {

    public static final String NAME = "githubCredentials";

    private final CredentialsProvider credentials;

    public CredentialsHealthIndicator(CredentialsProvider credentials) {
        this.credentials = credentials;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        List<String> missing = credentials.missing();
        HealthResult result = missing.isEmpty()
                ? HealthResult.builder(NAME, HealthStatus.UP).details(Map.of("loaded", true)).build()
                : HealthResult.builder(NAME, HealthStatus.DOWN)
                        .details(Map.of("loaded", false, "missing", missing,
                                "hint", "set the variables, or register the App at /setup"))
                        .build();
        return Publishers.just(result);
    }
}
