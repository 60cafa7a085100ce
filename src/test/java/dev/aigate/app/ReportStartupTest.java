package dev.aigate.app;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up line of a server without its App points at the probe that answers 200, not at a 503. */
class ReportStartupTest {

    @Test
    void theNotReadyLinePointsAtLivenessAndSaysReadinessWaits() {
        String line = ReportStartup.notReady("http://localhost:8080", List.of("AIGATE_APP_ID (the GitHub App's id)"));
        assertTrue(line.contains("http://localhost:8080/health/liveness"), line);
        assertTrue(line.contains("/health/readiness answers 503 until the App is configured"), line);
        assertFalse(line.contains("health: http://localhost:8080/health)"), line);
        assertTrue(line.endsWith("Missing: AIGATE_APP_ID (the GitHub App's id)"), line);
    }
}
