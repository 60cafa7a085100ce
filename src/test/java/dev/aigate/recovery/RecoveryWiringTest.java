package dev.aigate.recovery;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryWiringTest {

    @TempDir
    Path temp;

    @Test
    void theSweepIsOnByDefaultAndTheReconcileOnlyWhenAsked() {
        Map<String, Object> base = Map.of("aigate.data-dir", temp.resolve("a").toString(), "aigate.queue.worker.enabled", "false");
        try (ApplicationContext context = ApplicationContext.run(base)) {
            assertTrue(context.containsBean(DeliverySweep.class), "the sweep authenticates through GitHubClients");
            assertFalse(context.containsBean(PullRequestReconciler.class), "reconcile is opt-in");
            assertEquals(new RecoverySettings(java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(6), 3),
                    context.getBean(RecoverySettings.class));
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("aigate.data-dir", temp.resolve("b").toString(),
                "aigate.queue.worker.enabled", "false", "aigate.recovery.enabled", "false"))) {
            assertFalse(context.containsBean(DeliverySweep.class), "AIGATE_RECOVERY_ENABLED=false turns it off");
        }
    }
}
