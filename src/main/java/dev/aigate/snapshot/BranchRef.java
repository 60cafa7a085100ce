package dev.aigate.snapshot;

/**
 * One side of a pull request.
 *
 * @param ref          the branch name, e.g. {@code main} or {@code copilot/fix-42}
 * @param sha          the commit the branch points at
 * @param repoFullName the repository the branch lives in ({@code owner/repo}); differs from the
 *                     base repository for a pull request from a fork
 */
public record BranchRef(String ref, String sha, String repoFullName) {
}
