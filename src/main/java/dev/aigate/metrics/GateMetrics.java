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

    /**
     * The write budget (docs/operations.md, Write budget): what the most constrained installation may still write
     * this minute, and the limits per replica. One series, not one per installation.
     */
    public void writeBudget(java.util.function.IntSupplier mostConstrainedRemaining, int perMinute, int perHour) {
        io.micrometer.core.instrument.Gauge.builder("aigate.github.write.budget.remaining", mostConstrainedRemaining,
                        s -> s.getAsInt())
                .description("Writes the most constrained installation may still send this minute").register(registry);
        io.micrometer.core.instrument.Gauge.builder("aigate.github.write.budget.limit", () -> perMinute)
                .description("Writes per installation and replica allowed per window").tag("window", "minute")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("aigate.github.write.budget.limit", () -> perHour)
                .description("Writes per installation and replica allowed per window").tag("window", "hour")
                .register(registry);
    }

    /** A write held back by the write budget, to run again when it fits; {@code priority} verdict or refresh. */
    public void writeDeferred(String priority) {
        Counter.builder("aigate.github.write.deferrals").description("Writes deferred by the write budget, by priority")
                .tag("priority", priority).register(registry).increment();
    }
}
