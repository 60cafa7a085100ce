package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.policy.Policy;
import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.Triggers;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.CheckResult;
import dev.aigate.snapshot.CreatingApp;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.Listing;
import dev.aigate.snapshot.ListingCut;
import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.Review;
import dev.aigate.snapshot.TriggeringRun;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static dev.aigate.github.SnapshotJson.text;

/**
 * The reads of one pull request's snapshot, in flight together. Once the pull request is read (its head SHA and
 * base branch known), everything that does not wait on another answer starts at once: the policy (and the
 * organisation's when the repository has none, see {@link PolicyResolver#start}), the files, commits and reviews,
 * and the optional reads that the policy of this repository and base branch needed last time ({@code expected},
 * the stored {@link Triggers}): checks and statuses, the CODEOWNERS candidates, {@code .gitattributes}. When the
 * policy is in and parsed, whatever it needs beyond those starts (a policy that changed), then what depends on an
 * answer: reviewers' permissions and comparisons (on the reviews) and team members (on the policy and
 * CODEOWNERS). The snapshot holds exactly what the policy read now needs: a read started early for a policy that
 * no longer needs it is left out, never waited on, and its failure does not matter. A new optional read is one
 * entry in {@link #start(Triggers.Fetch)} and one line where the snapshot is built.
 */
public final class SnapshotReads {

    private final SnapshotLoader loader;
    private final InstallationApi api;
    private final PullRequestKey key;
    private final JsonNode pr;
    private final String repo;
    private final String prPath;
    private final String commitPath;
    private final BranchRef head;
    private final BranchRef base;
    private final CompletableFuture<Optional<PolicyFile>> policy;
    private final CompletableFuture<InstallationApi.Page> files;
    private final CompletableFuture<InstallationApi.Page> commits;
    private final CompletableFuture<InstallationApi.Page> reviews;
    /** For provenance: which App created the pull request, the agent run it links to, the org's extra catalogue. */
    private final CompletableFuture<CreatingApp> creatingApp;
    private final CompletableFuture<Optional<TriggeringRun>> triggeringRun;
    private final CompletableFuture<Optional<PolicyFile>> orgSignals;
    /** The optional reads started so far, each a list of futures in the order their answers are used. */
    private final Map<Triggers.Fetch, List<CompletableFuture<?>>> optional = new EnumMap<>(Triggers.Fetch.class);

    SnapshotReads(SnapshotLoader loader, InstallationApi api, PullRequestKey key, JsonNode pr,
                  CompletableFuture<Optional<PolicyFile>> policy, Triggers expected) {
        this.loader = loader;
        this.api = api;
        this.key = key;
        this.pr = pr;
        this.repo = key.repo().fullName();
        String repoPath = InstallationApi.repoPath(repo);
        this.prPath = "/repos/" + repoPath + "/pulls/" + key.number();
        this.head = SnapshotJson.branch(pr.path("head"));
        this.base = SnapshotJson.branch(pr.path("base"));
        this.commitPath = commitPath(repoPath, head.sha());
        this.policy = policy;
        this.files = Reads.async(() -> api.list(prPath + "/files", SnapshotLoader.MAX_FILES));
        this.commits = Reads.async(() -> api.list(prPath + "/commits", SnapshotLoader.MAX_COMMITS));
        this.reviews = Reads.async(() -> api.list(prPath + "/reviews", SnapshotLoader.MAX_REVIEWS));
        this.creatingApp = Reads.async(() -> AgentOrigins.creatingApp(api, key));
        this.triggeringRun = Reads.async(() -> AgentOrigins.triggeringRun(api, key, pr, loader.webUrl(pr)));
        this.orgSignals = Reads.async(() -> loader.orgSignals(api, key));
        expected.fetches().forEach(this::start);
    }

    private static String commitPath(String repoPath, String sha) {
        try {
            return "/repos/" + repoPath + "/commits/" + InstallationApi.segment(sha);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Starts an optional read unless it is started already; the reads that depend on other answers start later. */
    private void start(Triggers.Fetch fetch) {
        if (optional.containsKey(fetch)) {
            return;
        }
        List<CompletableFuture<?>> reads = new ArrayList<>();
        switch (fetch) {
            case CHECKS -> {
                if (commitPath == null) {
                    // Fails only if the policy needs the checks, as a read of them would.
                    reads.add(CompletableFuture.failedFuture(new IllegalArgumentException(key + ": no usable head SHA")));
                    reads.add(reads.get(0));
                    break;
                }
                reads.add(Reads.async(() -> api.list(commitPath + "/check-runs", SnapshotLoader.MAX_CHECKS, "check_runs")));
                // The combined status is paged like any list (30 statuses a page unless asked for more).
                reads.add(Reads.async(() -> api.list(commitPath + "/status", SnapshotLoader.MAX_CHECKS, "statuses")));
            }
            case CODEOWNERS -> {
                for (String path : SnapshotLoader.CODEOWNERS_PATHS) {
                    reads.add(Reads.async(() -> api.fileText(repo, path, base.ref())));
                }
            }
            case GITATTRIBUTES -> reads.add(Reads.async(() -> api.fileText(repo, ".gitattributes", base.ref())));
            case PERMISSIONS, PATCHES -> {
                return; // they wait on the reviews: see join()
            }
        }
        optional.put(fetch, reads);
    }

    @SuppressWarnings("unchecked")
    private <T> T answer(Triggers.Fetch fetch, int index) throws IOException {
        return (T) Reads.join(optional.get(fetch).get(index));
    }

    /** Waits for the reads the policy needs (starting any not started yet) and builds the snapshot. */
    public SnapshotLoader.Loaded join() throws IOException {
        Optional<PolicyFile> file = Reads.join(policy);
        Optional<PolicyParseResult> parseResult = file.isPresent()
                ? Optional.of(loader.parse(api, key.repo().owner(), file.get())) : Optional.empty();
        Optional<Policy> parsed = parseResult.flatMap(PolicyParseResult::policy);
        Triggers triggers = parsed.map(Policy::triggers).orElse(Triggers.NONE);
        // A policy that does not parse fails closed without looking further.
        boolean evaluable = file.isEmpty() || parsed.isPresent();
        triggers.fetches().forEach(this::start);

        List<ListingCut> cuts = new ArrayList<>();
        List<Review> reviewList = List.of();
        if (evaluable) {
            InstallationApi.Page page = Reads.join(reviews);
            reviewList = page.items().stream().map(SnapshotJson::review).filter(r -> r.submittedAt() != null).toList();
            if (page.incomplete()) {
                cuts.add(new ListingCut(Listing.REVIEWS, page.items().size(), page.total()));
            }
        }
        InstallationApi.Page fileList = Reads.join(files);
        Map<String, CompletableFuture<String>> permissions = parsed.isPresent() && triggers.needs(Triggers.Fetch.PERMISSIONS)
                ? permissions(reviewList) : Map.of();
        Map<String, CompletableFuture<PatchFingerprint>> compares = triggers.needs(Triggers.Fetch.PATCHES)
                ? compares(reviewList) : Map.of();

        List<CheckResult> checks = new ArrayList<>();
        if (triggers.needs(Triggers.Fetch.CHECKS)) {
            checks(checks, cuts);
        }
        Optional<String> codeowners = Optional.empty();
        if (triggers.needs(Triggers.Fetch.CODEOWNERS)) {
            for (int i = 0; i < SnapshotLoader.CODEOWNERS_PATHS.length && codeowners.isEmpty(); i++) {
                codeowners = answer(Triggers.Fetch.CODEOWNERS, i); // GitHub's order: the first present wins
            }
        }
        Optional<String> gitattributes = triggers.needs(Triggers.Fetch.GITATTRIBUTES)
                ? answer(Triggers.Fetch.GITATTRIBUTES, 0) : Optional.empty();
        Memberships memberships = Memberships.EMPTY;
        if (parsed.isPresent()) {
            Map<String, CompletableFuture<Set<String>>> teams = new LinkedHashMap<>();
            for (String team : parsed.get().teamsToResolve(codeowners)) {
                if (team.indexOf('/') >= 0) {
                    teams.put(team, Reads.async(() -> loader.teamMembers(api, key, team)));
                }
            }
            Map<String, Set<String>> members = new HashMap<>();
            for (Map.Entry<String, CompletableFuture<Set<String>>> t : teams.entrySet()) {
                members.put(t.getKey(), Reads.join(t.getValue()));
            }
            Map<String, String> roles = new HashMap<>();
            for (Map.Entry<String, CompletableFuture<String>> p : permissions.entrySet()) {
                roles.put(p.getKey(), Reads.join(p.getValue()));
            }
            memberships = new Memberships(members, roles);
        }
        Map<String, PatchFingerprint> patches = compares.isEmpty() ? Map.of() : patches(fileList, compares);

        InstallationApi.Page commitList = Reads.join(commits);
        List<String> labels = new ArrayList<>();
        pr.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        int changedFiles = pr.path("changed_files").asInt(fileList.items().size());
        int commitCount = pr.path("commits").asInt(commitList.items().size());
        return new SnapshotLoader.Loaded(new PullRequestSnapshot(key, text(pr, "title"), text(pr, "body"),
                SnapshotJson.actor(pr.path("user")), text(pr, "state"), pr.path("draft").asBoolean(false), head, base,
                labels, pr.path("additions").asInt(), pr.path("deletions").asInt(), changedFiles, commitCount,
                fileList.items().stream().map(SnapshotJson::file).toList(),
                fileList.truncated() || fileList.items().size() < changedFiles,
                commitList.items().stream().map(SnapshotJson::commit).toList(),
                commitList.truncated() || commitList.items().size() < commitCount,
                reviewList, checks, file, codeowners, gitattributes, memberships, cuts, patches)
                .withPeople(PullRequestPeople.from(pr)
                        .withCreatingApp(Reads.join(creatingApp))
                        .withTriggeringRun(Reads.join(triggeringRun).orElse(null)))
                .withOrgSignals(Reads.join(orgSignals)), parseResult);
    }

    private void checks(List<CheckResult> checks, List<ListingCut> cuts) throws IOException {
        InstallationApi.Page runs = answer(Triggers.Fetch.CHECKS, 0);
        InstallationApi.Page statuses = answer(Triggers.Fetch.CHECKS, 1);
        for (JsonNode run : runs.items()) {
            checks.add(new CheckResult(run.path("name").asText(), CheckResult.Kind.CHECK_RUN,
                    text(run, "status"), text(run, "conclusion"), text(run.path("app"), "slug")));
        }
        for (JsonNode status : statuses.items()) {
            String state = text(status, "state");
            checks.add(new CheckResult(status.path("context").asText(), CheckResult.Kind.STATUS, state, state, null));
        }
        if (runs.incomplete() || statuses.incomplete()) {
            int stated = runs.total() < 0 || statuses.total() < 0 ? ListingCut.UNKNOWN
                    : Math.max(runs.total(), runs.items().size()) + Math.max(statuses.total(), statuses.items().size());
            cuts.add(new ListingCut(Listing.CHECKS, checks.size(), stated));
        }
    }

    /** Each approving reviewer's permission on the repository, by lower-cased login, all at once. */
    private Map<String, CompletableFuture<String>> permissions(List<Review> reviews) {
        Map<String, CompletableFuture<String>> out = new LinkedHashMap<>();
        for (Review r : reviews) {
            String login = r.reviewer().login();
            if (r.isApproval() && login != null && !out.containsKey(login.toLowerCase(Locale.ROOT))) {
                out.put(login.toLowerCase(Locale.ROOT), Reads.async(() -> SnapshotLoader.permission(api, key, login)));
            }
        }
        return out;
    }

    /**
     * One comparison with the base branch per older head that a reviewer's latest review approved, all at once;
     * empty when no approval is on an older head. See {@link #patches}.
     */
    private Map<String, CompletableFuture<PatchFingerprint>> compares(List<Review> reviews) {
        Map<String, Review> latest = new HashMap<>();
        reviews.stream().sorted(java.util.Comparator.comparing(Review::submittedAt)).forEach(r -> {
            String state = r.state() == null ? "" : r.state().toUpperCase(Locale.ROOT);
            if (r.reviewer().login() != null && (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED")
                    || state.equals("DISMISSED"))) {
                latest.put(r.reviewer().normalizedLogin(), r);
            }
        });
        Set<String> older = new TreeSet<>();
        for (Review r : latest.values()) {
            if (r.isApproval() && r.commitId() != null && head.sha() != null && !head.sha().equals(r.commitId())) {
                older.add(r.commitId());
            }
        }
        Map<String, CompletableFuture<PatchFingerprint>> out = new LinkedHashMap<>();
        for (String sha : older) {
            out.put(sha, Reads.async(() -> loader.compared(api, repo, base.sha(), sha)));
        }
        return out;
    }

    /**
     * The pull request's own changes at its head and at each older head that a reviewer's latest review
     * approved. The head's come from the file listing already read, each older head's from one comparison with
     * the base branch ({@code base...head}, three dots: against their merge base), so a rebase or a merge of the
     * base branch compares like for like.
     */
    private Map<String, PatchFingerprint> patches(InstallationApi.Page files,
                                                  Map<String, CompletableFuture<PatchFingerprint>> compares)
            throws IOException {
        Map<String, PatchFingerprint> out = new HashMap<>();
        int changedFiles = pr.path("changed_files").asInt(files.items().size());
        out.put(head.sha(), files.incomplete() || files.items().size() < changedFiles
                ? PatchFingerprint.unknown(PatchFingerprint.Gap.FILES_CUT, files.items().size() + " of " + changedFiles)
                : PatchFingerprint.of(files.items().stream().map(SnapshotJson::filePatch).toList()));
        for (Map.Entry<String, CompletableFuture<PatchFingerprint>> c : compares.entrySet()) {
            out.put(c.getKey(), Reads.join(c.getValue()));
        }
        return out;
    }
}
