package dev.aigate.snapshot;

/**
 * A commit of the pull request.
 *
 * @param author          the git author line
 * @param committer       the git committer line
 * @param authorAccount   the GitHub account GitHub mapped the author e-mail to, or {@link Actor#UNKNOWN}
 * @param committerAccount likewise for the committer
 * @param verified        whether GitHub verified the commit signature
 */
public record CommitInfo(String sha, String message, GitIdentity author, GitIdentity committer,
                         Actor authorAccount, Actor committerAccount, boolean verified) {
}
