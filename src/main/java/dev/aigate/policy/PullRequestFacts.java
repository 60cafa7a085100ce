package dev.aigate.policy;

import dev.aigate.provenance.CoAuthor;
import dev.aigate.provenance.NoreplyAddress;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeResult;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.Review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one evaluation knows about the pull request, derived once and shared by every rule:
 * which changed files each glob set matches, who committed and co-authored, each reviewer's
 * latest review. Lives for one evaluation only.
 */
final class PullRequestFacts {

    /** Accounts GitHub itself uses as committer for web edits and merges; not people. */
    private static final Set<String> PLATFORM_COMMITTERS = Set.of("web-flow", "github");

    final PullRequestSnapshot pr;
    final ProvenanceResult provenance;
    final SizeResult size;
    final String[] paths;
    final List<ChangedFile> files;
    private final IdentityHashMap<GlobSet, byte[]> matches = new IdentityHashMap<>();
    private Map<String, String> committers;
    private Map<String, String> coAuthors;
    private Map<String, Review> latestReviews;
    private CodeOwners codeOwners;
    /** The evaluation's budget: globs and patterns spend from it as they match. */
    final EvaluationBudget.Meter budget;

    PullRequestFacts(PullRequestSnapshot pr, ProvenanceResult provenance, SizeResult size, EvaluationBudget.Meter budget) {
        this.budget = budget;
        this.pr = pr;
        this.provenance = provenance;
        this.size = size;
        this.files = pr.files();
        this.paths = new String[files.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = files.get(i).filename();
        }
    }

    /** For each changed file, whether the set matches it (or, for a rename, its old path). Computed once per set. */
    boolean[] matches(GlobSet set) {
        byte[] state = state(set);
        boolean[] m = new boolean[paths.length];
        for (int i = 0; i < paths.length; i++) {
            m[i] = matches(set, state, i);
        }
        return m;
    }

    /** The first changed file the set matches, or -1; stops at the first hit. */
    int firstMatch(GlobSet set) {
        byte[] state = state(set);
        for (int i = 0; i < paths.length; i++) {
            if (matches(set, state, i)) {
                return i;
            }
        }
        return -1;
    }

    /** The first changed file the set does not match, or -1; stops at the first miss. */
    int firstMiss(GlobSet set) {
        byte[] state = state(set);
        for (int i = 0; i < paths.length; i++) {
            if (!matches(set, state, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Per set and file: 0 not yet known, 1 matches, 2 does not. Each pair is decided at most once. */
    private byte[] state(GlobSet set) {
        return matches.computeIfAbsent(set, k -> new byte[paths.length]);
    }

    private boolean matches(GlobSet set, byte[] state, int i) {
        if (state[i] == 0) {
            boolean m = set.matches(paths[i], budget);
            if (!m) {
                String old = files.get(i).previousFilename();
                m = old != null && set.matches(old, budget);
            }
            state[i] = (byte) (m ? 1 : 2);
        }
        return state[i] == 1;
    }

    /** Changed lines and files, from the full PR totals when GitHub truncated the file list. */
    int lines() {
        return size.complete() ? size.lines() : Math.max(size.lines(), pr.additions() + pr.deletions());
    }

    int fileCount() {
        return size.complete() ? size.files() : Math.max(size.files(), pr.changedFilesCount());
    }

    /**
     * With a cut file list, the fewest changed lines outside generated files there can be: those of the
     * listed files that are not generated (every unseen file might be generated). Else {@link #lines()}.
     */
    int linesLow() {
        if (pr.complete(dev.aigate.snapshot.Listing.FILES)) {
            return lines();
        }
        int listed = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ChangedFile f : files) {
            if (f.filename() != null && !"unchanged".equals(f.status()) && seen.add(f.filename())) {
                listed += f.changes();
            }
        }
        return Math.max(0, listed - size.generatedLines());
    }

    /** Likewise the fewest changed files outside generated files. */
    int filesLow() {
        if (pr.complete(dev.aigate.snapshot.Listing.FILES)) {
            return fileCount();
        }
        return Math.max(0, (int) files.stream().filter(f -> !"unchanged".equals(f.status())).map(ChangedFile::filename)
                .filter(java.util.Objects::nonNull).distinct().count() - size.generatedFiles());
    }

    /** The most changed files there can be: the stated count, unbounded when GitHub does not state it. */
    int filesHigh() {
        return pr.cut(dev.aigate.snapshot.Listing.FILES).map(c -> c.statedKnown() ? fileCount() : Integer.MAX_VALUE)
                .orElse(fileCount());
    }

    String author() {
        return pr.author().normalizedLogin();
    }

    String headSha() {
        return pr.head() == null ? null : pr.head().sha();
    }

    /** Lower-case login -> short SHA of a commit they authored or committed. */
    Map<String, String> committers() {
        if (committers == null) {
            committers = new LinkedHashMap<>();
            for (CommitInfo c : pr.commits()) {
                for (Actor a : new Actor[] {c.authorAccount(), c.committerAccount()}) {
                    if (a != null && a.login() != null && !PLATFORM_COMMITTERS.contains(a.normalizedLogin())) {
                        committers.putIfAbsent(a.normalizedLogin(), shortSha(c.sha()));
                    }
                }
            }
        }
        return committers;
    }

    /**
     * Lower-case login (from a GitHub no-reply address) or name -> short SHA of a commit whose
     * {@code Co-authored-by} trailer names them.
     */
    Map<String, String> coAuthors() {
        if (coAuthors == null) {
            coAuthors = new LinkedHashMap<>();
            for (CommitInfo c : pr.commits()) {
                for (CoAuthor a : CoAuthor.of(c.message())) {
                    if (a.email() == null) {
                        continue; // GitHub credits a co-author by address only
                    }
                    NoreplyAddress.parse(a.email()).filter(nr -> !nr.bot())
                            .ifPresent(nr -> coAuthors.putIfAbsent(nr.login(), shortSha(c.sha())));
                    String name = a.name().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty() && name.indexOf(' ') < 0) {
                        coAuthors.putIfAbsent(name, shortSha(c.sha()));
                    }
                }
            }
        }
        return coAuthors;
    }

    /**
     * Each reviewer's latest review that decides approval (approved, changes requested or
     * dismissed); a later comment-only review does not withdraw an approval.
     */
    Map<String, Review> latestReviews() {
        if (latestReviews == null) {
            List<Review> ordered = new ArrayList<>(pr.reviews());
            ordered.sort(Comparator.comparing((Review r) -> r.submittedAt() == null ? java.time.Instant.MIN : r.submittedAt()));
            latestReviews = new LinkedHashMap<>();
            for (Review r : ordered) {
                String state = r.state() == null ? "" : r.state().toUpperCase(Locale.ROOT);
                if (r.reviewer() == null || r.reviewer().login() == null) {
                    continue;
                }
                if (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED") || state.equals("DISMISSED")) {
                    latestReviews.put(r.reviewer().normalizedLogin(), r);
                }
            }
        }
        return latestReviews;
    }

    /** Whether the login belongs to the team ({@code org/slug}); null when the team's members were not loaded. */
    Boolean inTeam(String login, String team) {
        Set<String> members = pr.memberships().teamMembers().get(team);
        return members == null ? null : members.contains(login);
    }

    /** The base branch's CODEOWNERS, parsed once per evaluation. */
    CodeOwners codeOwners() {
        if (codeOwners == null) {
            codeOwners = CodeOwners.parse(pr.codeowners().orElse(""));
        }
        return codeOwners;
    }

    static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }
}
