package dev.aigate.policy;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CheckResult;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.ListingCut;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.snapshot.Review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds pull-request snapshots for policy tests. */
final class Prs {

    static final String HEAD = "ffff000011112222333344445555666677778888";
    static final String OLD = "aaaa000011112222333344445555666677778888";

    String title = "Refactor the parser";
    String body = "";
    Actor author = user("alice");
    boolean draft;
    String baseRef = "main";
    String headRef = "feature/x";
    final List<String> labels = new ArrayList<>();
    final List<ChangedFile> files = new ArrayList<>();
    boolean filesTruncated;
    int changedFilesCount = -1;
    /** The pull request's stated additions; by default the sum over the listed files. */
    int additions = -1;
    final List<CommitInfo> commits = new ArrayList<>();
    int commitsCount = -1;
    /** Listings cut short beyond files and commits (reviews, checks), as the loader records them. */
    final List<ListingCut> cuts = new ArrayList<>();
    final List<Review> reviews = new ArrayList<>();
    final List<CheckResult> checks = new ArrayList<>();
    String codeowners;
    PolicyFile policy;
    final Map<String, Set<String>> teams = new HashMap<>();
    final Map<String, String> permissions = new HashMap<>();
    /** The pull request's own changes by head SHA, as the loader reads them under invalidate_on: diff_change. */
    final Map<String, PatchFingerprint> patches = new HashMap<>();
    /** Assignees, requested reviewers and the App that created the pull request. */
    PullRequestSnapshot.People people = PullRequestSnapshot.People.NONE;
    private long reviewIds = 1;
    private int minute;

    static Actor user(String login) {
        return new Actor(login, login.hashCode() & 0xffff, "User");
    }

    static Actor bot(String login) {
        return new Actor(login, 1000 + (login.hashCode() & 0xffff), "Bot");
    }

    Prs file(String path, int additions, int deletions) {
        files.add(new ChangedFile(path, null, "modified", additions, deletions));
        return this;
    }

    Prs file(String path) {
        return file(path, 10, 2);
    }

    Prs removed(String path) {
        files.add(new ChangedFile(path, null, "removed", 0, 5));
        return this;
    }

    Prs renamed(String from, String to) {
        files.add(new ChangedFile(to, from, "renamed", 0, 0));
        return this;
    }

    Prs commit(String sha, Actor authorAccount, String message) {
        commits.add(new CommitInfo(sha, message, new GitIdentity(authorAccount.login(), authorAccount.login() + "@example.com"),
                new GitIdentity("GitHub", "noreply@github.com"), authorAccount, user("web-flow"), true));
        return this;
    }

    Prs review(String login, String state, String commit) {
        reviews.add(new Review(reviewIds++, login.endsWith("[bot]") ? bot(login) : user(login), state, commit,
                Instant.parse("2026-11-01T10:00:00Z").plusSeconds(60L * minute++)));
        return this;
    }

    Prs approve(String login) {
        return review(login, "APPROVED", HEAD);
    }

    Prs check(String name, String status, String conclusion) {
        checks.add(new CheckResult(name, CheckResult.Kind.CHECK_RUN, status, conclusion, "github-actions"));
        return this;
    }

    Prs status(String context, String state) {
        checks.add(new CheckResult(context, CheckResult.Kind.STATUS, state, state, null));
        return this;
    }

    Prs team(String team, String... members) {
        teams.put(team, Set.of(members));
        return this;
    }

    Prs label(String... names) {
        labels.addAll(List.of(names));
        return this;
    }

    Prs policy(String yaml) {
        policy = new PolicyFile(PolicyFile.Origin.REPOSITORY, "acme/app:.github/ai-gate.yml@main", ".github/ai-gate.yml", yaml);
        return this;
    }

    PullRequestSnapshot build() {
        int adds = additions >= 0 ? additions : files.stream().mapToInt(ChangedFile::additions).sum();
        int dels = files.stream().mapToInt(ChangedFile::deletions).sum();
        return new PullRequestSnapshot(new PullRequestKey(1, new RepoRef("acme", "app"), 7), title, body, author, "open",
                draft, new BranchRef(headRef, HEAD, "acme/app"), new BranchRef(baseRef, "bbbb", "acme/app"), labels,
                adds, dels, changedFilesCount < 0 ? files.size() : changedFilesCount,
                commitsCount < 0 ? commits.size() : commitsCount, files, filesTruncated,
                commits, false, reviews, checks, Optional.ofNullable(policy), Optional.ofNullable(codeowners), Optional.empty(),
                new Memberships(teams, permissions), cuts).withPatches(patches).withPeople(people);
    }
}
