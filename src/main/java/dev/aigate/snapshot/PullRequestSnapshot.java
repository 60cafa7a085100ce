package dev.aigate.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a decision about one pull request needs, loaded once and never changed.
 *
 * <p>The lists are as GitHub returned them. GitHub stops listing files at 3,000 and commits at
 * 250, and the loader reads reviews, check runs and statuses only up to a bound; {@link #cuts()}
 * names every listing that was read only in part, with how many items were listed and how many
 * GitHub states, so that later stages can fail closed rather than reason about data they did not
 * see. A listing counts as cut when the pull request states more files ({@code changed_files}) or
 * commits ({@code commits}) than were listed, even when no bound was reached: a file list of
 * {@code []} for a pull request that changes one file is not complete. {@link #filesTruncated()}
 * and {@link #commitsTruncated()} are the same facts for files and commits.
 *
 * @param policy        the governing policy file, empty when none was found anywhere
 * @param codeowners    the base branch's CODEOWNERS text, when present
 * @param gitattributes the base branch's root {@code .gitattributes}, when present
 * @param memberships   the members of the teams the policy names and the permissions of the users it asks about
 * @param cuts          the listings read only in part, at most one per {@link Listing}
 * @param patches       the pull request's own changes at the current head and at each older head an
 *                      approval was given on, by head SHA; read only when the policy keeps approvals
 *                      whose changes are unchanged ({@code invalidate_on: diff_change}), else empty
 * @param people        who else GitHub names on the pull request: the App that created it, the
 *                      assignees and the requested reviewers, the agent workflow run it links to
 *                      ({@link People#NONE} when not read)
 * @param orgSignals    the organisation's extra signal catalogue ({@code ai-gate-signals.yml} in its
 *                      {@code .github} repository), when it has one; never from the pull request's head
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
        Memberships memberships,
        List<ListingCut> cuts,
        Map<String, PatchFingerprint> patches,
        People people,
        Optional<PolicyFile> orgSignals) {

    /**
     * The accounts GitHub names on a pull request besides its author.
     *
     * @param viaApp             the GitHub App that created the pull request on someone's behalf
     *                           ({@code performed_via_github_app}: login {@code <slug>[bot]}, the App's id), or null
     * @param assignees          the assignees
     * @param requestedReviewers the users asked for a review (teams are not listed)
     */
    public record People(Actor viaApp, List<Actor> assignees, List<Actor> requestedReviewers, CreatingApp creatingApp,
                         TriggeringRun triggeringRun) {
        public static final People NONE = new People(null, List.of(), List.of());

        public People {
            assignees = assignees == null ? List.of() : List.copyOf(assignees);
            requestedReviewers = requestedReviewers == null ? List.of() : List.copyOf(requestedReviewers);
            if (viaApp == null && creatingApp != null) {
                viaApp = creatingApp.botAccount();
            }
        }

        /** People read from the pull request alone: the creating App and the run were not read. */
        public People(Actor viaApp, List<Actor> assignees, List<Actor> requestedReviewers) {
            this(viaApp, assignees, requestedReviewers, null, null);
        }

        /** These people with what the issue view says about the App that created the pull request. */
        public People withCreatingApp(CreatingApp app) {
            return new People(app != null && app.state() == CreatingApp.State.APP ? app.botAccount() : viaApp,
                    assignees, requestedReviewers, app, triggeringRun);
        }

        /** These people with the agent workflow run the pull request links to. */
        public People withTriggeringRun(TriggeringRun run) {
            return new People(viaApp, assignees, requestedReviewers, creatingApp, run);
        }
    }

    public PullRequestSnapshot {
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        labels = List.copyOf(labels);
        files = List.copyOf(files);
        commits = List.copyOf(commits);
        reviews = List.copyOf(reviews);
        checks = List.copyOf(checks);
        List<ListingCut> all = new ArrayList<>();
        for (ListingCut c : cuts == null ? List.<ListingCut>of() : cuts) {
            if (all.stream().noneMatch(x -> x.listing() == c.listing())) {
                all.add(c);
            }
        }
        filesTruncated |= changedFilesCount > files.size() || all.stream().anyMatch(c -> c.listing() == Listing.FILES);
        commitsTruncated |= commitsCount > commits.size() || all.stream().anyMatch(c -> c.listing() == Listing.COMMITS);
        if (filesTruncated && all.stream().noneMatch(c -> c.listing() == Listing.FILES)) {
            all.add(new ListingCut(Listing.FILES, files.size(), changedFilesCount));
        }
        if (commitsTruncated && all.stream().noneMatch(c -> c.listing() == Listing.COMMITS)) {
            all.add(new ListingCut(Listing.COMMITS, commits.size(), commitsCount));
        }
        all.sort(java.util.Comparator.comparing(ListingCut::listing));
        cuts = List.copyOf(all);
        patches = patches == null ? Map.of() : Map.copyOf(patches);
        people = people == null ? People.NONE : people;
        orgSignals = orgSignals == null ? Optional.empty() : orgSignals;
    }

    /** A snapshot without an organisation signal catalogue. */
    public PullRequestSnapshot(PullRequestKey key, String title, String body, Actor author, String state, boolean draft,
                               BranchRef head, BranchRef base, List<String> labels, int additions, int deletions,
                               int changedFilesCount, int commitsCount, List<ChangedFile> files, boolean filesTruncated,
                               List<CommitInfo> commits, boolean commitsTruncated, List<Review> reviews,
                               List<CheckResult> checks, Optional<PolicyFile> policy, Optional<String> codeowners,
                               Optional<String> gitattributes, Memberships memberships, List<ListingCut> cuts,
                               Map<String, PatchFingerprint> patches, People people) {
        this(key, title, body, author, state, draft, head, base, labels, additions, deletions, changedFilesCount,
                commitsCount, files, filesTruncated, commits, commitsTruncated, reviews, checks, policy, codeowners,
                gitattributes, memberships, cuts, patches, people, Optional.empty());
    }

    /** This snapshot with the organisation's signal catalogue file (read from its {@code .github} repository). */
    public PullRequestSnapshot withOrgSignals(Optional<PolicyFile> file) {
        return new PullRequestSnapshot(key, title, body, author, state, draft, head, base, labels, additions, deletions,
                changedFilesCount, commitsCount, files, filesTruncated, commits, commitsTruncated, reviews, checks, policy,
                codeowners, gitattributes, memberships, cuts, patches, people, file);
    }

    /** A snapshot without the people beyond the author. */
    public PullRequestSnapshot(PullRequestKey key, String title, String body, Actor author, String state, boolean draft,
                               BranchRef head, BranchRef base, List<String> labels, int additions, int deletions,
                               int changedFilesCount, int commitsCount, List<ChangedFile> files, boolean filesTruncated,
                               List<CommitInfo> commits, boolean commitsTruncated, List<Review> reviews,
                               List<CheckResult> checks, Optional<PolicyFile> policy, Optional<String> codeowners,
                               Optional<String> gitattributes, Memberships memberships, List<ListingCut> cuts,
                               Map<String, PatchFingerprint> patches) {
        this(key, title, body, author, state, draft, head, base, labels, additions, deletions, changedFilesCount,
                commitsCount, files, filesTruncated, commits, commitsTruncated, reviews, checks, policy, codeowners,
                gitattributes, memberships, cuts, patches, People.NONE);
    }

    /** This snapshot with the given people. */
    public PullRequestSnapshot withPeople(People who) {
        return new PullRequestSnapshot(key, title, body, author, state, draft, head, base, labels, additions, deletions,
                changedFilesCount, commitsCount, files, filesTruncated, commits, commitsTruncated, reviews, checks, policy,
                codeowners, gitattributes, memberships, cuts, patches, who, orgSignals);
    }

    /** A snapshot without patch fingerprints. */
    public PullRequestSnapshot(PullRequestKey key, String title, String body, Actor author, String state, boolean draft,
                               BranchRef head, BranchRef base, List<String> labels, int additions, int deletions,
                               int changedFilesCount, int commitsCount, List<ChangedFile> files, boolean filesTruncated,
                               List<CommitInfo> commits, boolean commitsTruncated, List<Review> reviews,
                               List<CheckResult> checks, Optional<PolicyFile> policy, Optional<String> codeowners,
                               Optional<String> gitattributes, Memberships memberships, List<ListingCut> cuts) {
        this(key, title, body, author, state, draft, head, base, labels, additions, deletions, changedFilesCount,
                commitsCount, files, filesTruncated, commits, commitsTruncated, reviews, checks, policy, codeowners,
                gitattributes, memberships, cuts, Map.of());
    }

    /** This snapshot with the given patch fingerprints. */
    public PullRequestSnapshot withPatches(Map<String, PatchFingerprint> fingerprints) {
        return new PullRequestSnapshot(key, title, body, author, state, draft, head, base, labels, additions, deletions,
                changedFilesCount, commitsCount, files, filesTruncated, commits, commitsTruncated, reviews, checks, policy,
                codeowners, gitattributes, memberships, cuts, fingerprints, people, orgSignals);
    }

    /** The pull request's own changes at a head commit, when they were read. */
    public Optional<PatchFingerprint> patchesAt(String sha) {
        return Optional.ofNullable(sha == null ? null : patches.get(sha));
    }

    /** A snapshot whose reviews and checks were read whole (files and commits as the flags and counts say). */
    public PullRequestSnapshot(PullRequestKey key, String title, String body, Actor author, String state, boolean draft,
                               BranchRef head, BranchRef base, List<String> labels, int additions, int deletions,
                               int changedFilesCount, int commitsCount, List<ChangedFile> files, boolean filesTruncated,
                               List<CommitInfo> commits, boolean commitsTruncated, List<Review> reviews,
                               List<CheckResult> checks, Optional<PolicyFile> policy, Optional<String> codeowners,
                               Optional<String> gitattributes, Memberships memberships) {
        this(key, title, body, author, state, draft, head, base, labels, additions, deletions, changedFilesCount,
                commitsCount, files, filesTruncated, commits, commitsTruncated, reviews, checks, policy, codeowners,
                gitattributes, memberships, List.of(), Map.of());
    }

    /** How a listing was cut, if it was. */
    public Optional<ListingCut> cut(Listing listing) {
        for (ListingCut c : cuts) {
            if (c.listing() == listing) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether every item of the listing was read. */
    public boolean complete(Listing listing) {
        return cut(listing).isEmpty();
    }

    public RepoRef repo() {
        return key.repo();
    }

    public int number() {
        return key.number();
    }
}
