package dev.aigate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every metric ai-gate exports, in one place, so names stay consistent. Served at {@code /prometheus}.
 */
@Singleton
public class GateMetrics {

    private final MeterRegistry registry;
    private final Map<Long, AtomicLong> rateLimitRemaining = new ConcurrentHashMap<>();

    public GateMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A webhook delivery and what became of it: accepted, duplicate, ignored, bad_signature, malformed, no_installation, not_configured (docs/operations.md). */
    public void delivery(String event, String outcome) {
        Counter.builder("aigate.webhook.deliveries").description("Webhook deliveries by event and outcome")
                .tag("event", event == null ? "unknown" : event).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** One finished evaluation of an enforced policy. */
    public void evaluation(String provenanceClass, String conclusion, Duration took) {
        evaluation(provenanceClass, conclusion, "enforce", conclusion, took);
    }

    /**
     * One finished evaluation. {@code mode} is the policy's (observe, enforce, or none when no policy loaded);
     * {@code wouldConclusion} what enforcing every rule would conclude, so observe mode can be counted
     * (docs/operations.md).
     */
    public void evaluation(String provenanceClass, String conclusion, String mode, String wouldConclusion, Duration took) {
        Counter.builder("aigate.evaluations").description("Evaluations by provenance class, conclusion, mode and would-be conclusion")
                .tag("provenance", provenanceClass).tag("conclusion", conclusion)
                .tag("mode", mode).tag("would_conclusion", wouldConclusion)
                .register(registry).increment();
        Timer.builder("aigate.evaluation.latency").description("Time from claim to published check run")
                .publishPercentileHistogram()
                .register(registry).record(took);
    }

    /** One HTTP response from GitHub; {@code cached} when it was a 304 revalidation served from the HTTP cache. */
    public void githubResponse(int status, boolean cached) {
        Counter.builder("aigate.github.requests").description("GitHub API responses by status")
                .tag("status", Integer.toString(status)).tag("cache", cached ? "revalidated" : "network")
                .register(registry).increment();
    }

    /** The rate limit GitHub reported for an installation. */
    public void rateLimitRemaining(long installationId, long remaining) {
        rateLimitRemaining.computeIfAbsent(installationId, id -> {
            AtomicLong value = new AtomicLong();
            registry.gauge("aigate.github.ratelimit.remaining",
                    java.util.List.of(io.micrometer.core.instrument.Tag.of("installation", Long.toString(id))), value);
            return value;
        }).set(remaining);
    }
}
