package dev.aigate.health;

import dev.aigate.github.CredentialsProvider;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import org.reactivestreams.Publisher;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import io.micronaut.serde.annotation.Serdeable;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Health answers with statuses only (details would show the JDBC URL and paths), but a DOWN answer for a
 * server without its GitHub App says so in one top-level {@code message}: which settings are missing, by
 * variable name only, never a value, URL or path. Liveness is never DOWN for that reason, so the message only
 * appears on {@code /health} and {@code /health/readiness}.
 */
@Singleton
@Replaces(DefaultHealthAggregator.class)
public class ExplainingHealthAggregator implements HealthAggregator<HealthResult> {

    private final DefaultHealthAggregator delegate;
    private final CredentialsProvider credentials;

    public ExplainingHealthAggregator(ApplicationConfiguration applicationConfiguration,
                                      CredentialsProvider credentials) {
        this.delegate = new DefaultHealthAggregator(applicationConfiguration);
        this.credentials = credentials;
    }

    @Override
    public Publisher<HealthResult> aggregate(HealthIndicator[] indicators, HealthLevelOfDetail level) {
        return Publishers.map(delegate.aggregate(indicators, level), result -> explain(result, level));
    }

    @Override
    public Publisher<HealthResult> aggregate(String name, Publisher<HealthResult> results) {
        return delegate.aggregate(name, results);
    }

    private HealthResult explain(HealthResult result, HealthLevelOfDetail level) {
        if (level != HealthLevelOfDetail.STATUS || result.getStatus() == null
                || result.getStatus().getOperational().orElse(true)) {
            return result;
        }
        return message(credentials)
                .<HealthResult>map(message -> new ExplainedResult(result.getName(), result.getStatus(), message))
                .orElse(result);
    }

    /** "GitHub App credentials are not configured: ..." naming the missing variables, or empty when complete. */
    public static java.util.Optional<String> message(CredentialsProvider credentials) {
        List<String> names = credentials.missingSettings();
        if (names.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("GitHub App credentials are not configured: " + String.join(", ", names)
                + "; register the App at /setup or set the variables (docs/install.md)");
    }

    /** A status-only result plus the message. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExplainedResult(@Nullable String name, HealthStatus status, String message) implements HealthResult {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public HealthStatus getStatus() {
            return status;
        }

        @Override
        @Nullable
        public Object getDetails() {
            return null;
        }
    }
}
