package dev.aigate.lifecycle;

import dev.aigate.provenance.ProvenanceClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle's Prometheus series (docs/operations.md): {@code aigate_review_wait_seconds}, a histogram of the time
 * from ready for review to the first approval that counted, and {@code aigate_overrides_total}, pull requests whose
 * blocking verdict an override lifted; both by provenance class. Every class is registered at start, so a dashboard
 * shows zeros rather than "no data" before the first review; the bean is created at start for the same reason.
 */
@Context
public class LifecycleMetrics {

    /** The class label of a pull request that has none (no policy applied, or it did not load). */
    public static final String UNCLASSIFIED = "unclassified";
    static final Duration[] BUCKETS = {Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(1),
            Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30)};

    private final MeterRegistry registry;

    public LifecycleMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String cls : classes()) {
            reviewWait(cls);
            overrides(cls);
        }
    }

    /** Every class label the series use. */
    public static List<String> classes() {
        List<String> out = new ArrayList<>();
        for (ProvenanceClass c : ProvenanceClass.values()) {
            out.add(c.id());
        }
        out.add(UNCLASSIFIED);
        return out;
    }

    /** A pull request got its first approval that counted, {@code wait} after it was ready for review. */
    public void firstCountedApproval(String provenanceClass, Duration wait) {
        reviewWait(label(provenanceClass)).record(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** An override lifted a pull request's blocking verdict (counted once per pull request). */
    public void overridden(String provenanceClass) {
        overrides(label(provenanceClass)).increment();
    }

    private Timer reviewWait(String cls) {
        return Timer.builder("aigate.review.wait")
                .description("Time from ready for review to the first approval that counted, by provenance class")
                .tag("provenance", cls).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private Counter overrides(String cls) {
        return Counter.builder("aigate.overrides").description("Pull requests whose blocking verdict an override lifted")
                .tag("provenance", cls).register(registry);
    }

    private static String label(String cls) {
        return cls == null || ProvenanceClass.fromId(cls).isEmpty() ? UNCLASSIFIED : cls;
    }
}
