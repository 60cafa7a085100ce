package dev.aigate.policy;

import java.util.Optional;

/**
 * Reads a shared policy named by {@code extends: org/repo:path@ref}. The GitHub shell implements
 * it with the installation's credentials; tests and the CLI use a map. Pure interface: the parser
 * never does I/O itself.
 */
@FunctionalInterface
public interface PolicySources {

    /** Resolves nothing: every {@code extends} is reported as unreadable. */
    PolicySources NONE = (repo, path, ref) -> Optional.empty();

    /**
     * @param repo {@code owner/name}
     * @param path the file inside it
     * @param ref  a branch, tag or SHA; null for the repository's default branch
     * @return the file text, or empty when it does not exist or cannot be read
     */
    Optional<String> read(String repo, String path, String ref);
}
