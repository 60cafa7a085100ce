package dev.aigate.policy;

import java.util.Optional;

/**
 * Reads a shared policy named by {@code extends: org/repo:path@ref}. The GitHub shell implements
 * it with the installation's credentials; tests and the CLI use a map. Pure interface: the parser
 * never does I/O itself. The parser checks {@link ExtendsTarget#problem} before it asks.
 */
@FunctionalInterface
public interface PolicySources {

    /** Resolves nothing: every {@code extends} is reported as unreadable. */
    PolicySources NONE = (repo, path, ref) -> Optional.empty();

    /**
     * @param repo {@code owner/name}
     * @param path the file inside it
     * @param ref  a branch, tag or SHA; null for the repository's default branch
     * @return the file text, or empty when it does not exist
     * @throws Unavailable when it could not be read for now (the evaluation is retried, never failed)
     */
    Optional<String> read(String repo, String path, String ref);

    /** Why this source will not read {@code repo} for the policy being parsed (e.g. another owner), or null. */
    default String refusal(String repo) {
        return null;
    }

    /** The source failed for a reason that may pass (a 5xx, a timeout, a rate limit): not "missing". */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
