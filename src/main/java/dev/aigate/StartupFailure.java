package dev.aigate;

import java.net.BindException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** Recognises the start-up failures that have a one-line remedy. */
final class StartupFailure {

    /** H2's "Database may be already in use": another process holds the file lock. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private StartupFailure() {
    }

    static Optional<String> explain(Throwable failure, Map<String, String> env) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.aigate.store.UnusableStoreException unusable) {
                return Optional.of(unusable.getMessage());
            }
            if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                String port = env.getOrDefault("MICRONAUT_SERVER_PORT", "8080");
                return Optional.of("port " + port + " is already in use; stop what listens there or set"
                        + " MICRONAUT_SERVER_PORT to a free port");
            }
            if ((t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN)
                    || (t.getMessage() != null && t.getMessage().contains("Database may be already in use"))) {
                String dir = env.getOrDefault("AIGATE_DATA_DIR", "");
                Path path = Path.of(dir.isBlank() ? "./data" : dir).toAbsolutePath().normalize();
                return Optional.of("another ai-gate is using " + path + "; stop it or set AIGATE_DATA_DIR");
            }
        }
        return Optional.empty();
    }
}
