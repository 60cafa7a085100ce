package dev.aigate.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * Everything a decision about one pull request needs, loaded once and never changed.
 *
 * <p>The lists are as GitHub returned them. GitHub stops listing files at 3,000 and commits at
 * 250; {@link #filesTruncated()} and {@link #commitsTruncated()} say when that happened, so that
 * later stages can fail closed rather than reason about data they did not see.
 *
 * @param policy        the governing policy file, empty when none was found anywhere
 * @param codeowners    the base branch's CODEOWNERS text, when present
 * @param gitattributes the base branch's root {@code .gitattributes}, when present
 */
public record PullRequestSnapshot(
        PullRequestKey key,
        String title,
        String body,
        Actor author,
        String state,
        boolean draft,
        BranchRef head,
        BranchRef base,
        List<String> labels,
        int additions,
        int deletions,
        int changedFilesCount,
        int commitsCount,
        List<ChangedFile> files,
        boolean filesTruncated,
        List<CommitInfo> commits,
        boolean commitsTruncated,
        List<Review> reviews,
        List<CheckResult> checks,
        Optional<PolicyFile> policy,
        Optional<String> codeowners,
        Optional<String> gitattributes,
        Directory directory) {

    public PullRequestSnapshot {
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        labels = List.copyOf(labels);
        files = List.copyOf(files);
        commits = List.copyOf(commits);
        reviews = List.copyOf(reviews);
        checks = List.copyOf(checks);
    }

    public RepoRef repo() {
        return key.repo();
    }

    public int number() {
        return key.number();
    }
}
