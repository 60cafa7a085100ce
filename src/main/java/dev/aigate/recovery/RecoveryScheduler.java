package dev.aigate.recovery;

import dev.aigate.github.GitHubCallException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sweep and the reconcile on their intervals, when they are configured. */
@Singleton
public class RecoveryScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryScheduler.class);

    private final DeliverySweep sweep;
    private final PullRequestReconciler reconciler;

    public RecoveryScheduler(@Nullable DeliverySweep sweep, @Nullable PullRequestReconciler reconciler) {
        this.sweep = sweep;
        this.reconciler = reconciler;
    }

    @Scheduled(fixedDelay = "${aigate.recovery.interval:5m}", initialDelay = "${aigate.recovery.initial-delay:5m}")
    void sweepDeliveries() {
        if (sweep == null) {
            return;
        }
        try {
            sweep.sweep();
        } catch (Exception e) {
            LOG.warn("Delivery sweep failed; will try again next interval: {}", describe(e));
        }
    }

    @Scheduled(fixedDelay = "${aigate.recovery.reconcile-interval:30m}", initialDelay = "${aigate.recovery.initial-delay:5m}")
    void reconcile() {
        if (reconciler == null) {
            return;
        }
        try {
            reconciler.reconcile();
        } catch (Exception e) {
            LOG.warn("Reconcile failed; will try again next interval: {}", e.toString());
        }
    }

    /** A failure for the log; a GitHub error keeps the start of what GitHub said, which names the cause. */
    static String describe(Exception e) {
        if (e instanceof GitHubCallException g && !g.body().isBlank()) {
            return e + ": " + g.body().replaceAll("\\s+", " ").strip();
        }
        return e.toString();
    }
}
