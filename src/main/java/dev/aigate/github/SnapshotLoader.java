package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aigate.policy.Policy;
import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.PolicyParser;
import dev.aigate.policy.Triggers;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CheckResult;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.Listing;
import dev.aigate.snapshot.ListingCut;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.Review;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads everything a decision needs into an immutable {@link PullRequestSnapshot}: the pull
 * request, its files, commits and reviews, checks and statuses on the head SHA, the policy from the
 * base branch, and the team memberships the policy refers to.
 */
@Singleton
public class SnapshotLoader {

    /** GitHub lists at most this many files of a pull request. */
    public static final int MAX_FILES = 3000;
    /** GitHub lists at most this many commits of a pull request. */
    public static final int MAX_COMMITS = 250;
    /** The loader reads at most this many reviews, and as many check runs and statuses; beyond, the listing is cut. */
    public static final int MAX_REVIEWS = 1000;
    public static final int MAX_CHECKS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotLoader.class);
    private static final String[] CODEOWNERS_PATHS = {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"};

    private final PolicyResolver policies;
    private final Cache<String, Set<String>> teamMembers = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
    private final Cache<String, PolicyParseResult> parsedPolicies = Caffeine.newBuilder()
            .maximumSize(1_000).build();
    /** Comparisons of two fixed commits never change: by repository and SHA pair. */
    private final Cache<String, PatchFingerprint> comparisons = Caffeine.newBuilder()
            .maximumSize(10_000).build();
    private static final java.util.regex.Pattern SHA = java.util.regex.Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    public SnapshotLoader(PolicyResolver policies) {
        this.policies = policies;
    }

    /** GitHub's web address ({@code AIGATE_GITHUB_WEB_URL}): an agent's run link must start with it. */
    private volatile String webUrl;

    @jakarta.inject.Inject
    public void setGitHubSettings(GitHubSettings settings) {
        this.webUrl = settings.getWebUrl();
    }

    /** The configured web address; without one (dry runs), the origin of the pull request's own html_url. */
    private String webUrl(JsonNode pr) {
        if (webUrl != null) {
            return webUrl;
        }
        okhttp3.HttpUrl html = okhttp3.HttpUrl.parse(pr.path("html_url").asText(""));
        return html == null ? "https://github.com"
                : html.scheme() + "://" + html.host() + (html.port() == okhttp3.HttpUrl.defaultPort(html.scheme()) ? "" : ":" + html.port());
    }

    /** A snapshot and the parse of its policy (empty when no policy applies). */
    public record Loaded(PullRequestSnapshot snapshot, Optional<PolicyParseResult> parsed) {
    }

    /**
     * Parses a policy, reading any {@code extends} through the installation (only repositories of
     * {@code owner}, see {@link ExtendsSources}). A policy without {@code extends} is parsed once per
     * distinct text and path; one that extends another is parsed each time, since the file it
     * extends can change on its own.
     */
    public PolicyParseResult parse(InstallationApi api, String owner, PolicyFile file) throws IOException {
        if (!file.text().contains("extends")) {
            return parsedPolicies.get(file.path() + "\n" + file.text(), k -> PolicyParser.parse(file.text(), file.path()));
        }
        try {
            return PolicyParser.parse(file.text(), file.path(), new ExtendsSources(api, owner));
        } catch (dev.aigate.policy.PolicySources.Unavailable e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e); // a GitHub failure is retried, never taken for a missing file
        }
    }

    /** Reads the pull request itself: the first call of every evaluation. */
    public JsonNode pullRequest(InstallationApi api, PullRequestKey key) throws IOException {
        return api.get("/repos/" + InstallationApi.repoPath(key.repo().fullName()) + "/pulls/" + key.number());
    }

    public Loaded load(InstallationApi api, PullRequestKey key) throws IOException {
        return load(api, key, pullRequest(api, key));
    }

    /**
     * Reads the rest of what the governing policy needs. Checks and statuses, CODEOWNERS,
     * {@code .gitattributes}, team members and reviewer permissions are fetched only when the
     * policy can use them, so a typical evaluation stays within a handful of requests.
     */
    public Loaded load(InstallationApi api, PullRequestKey key, JsonNode pr) throws IOException {
        return load(api, key, pr, policies.resolve(api, key.repo(), branch(pr.path("base")).ref()));
    }

    /** Loads the snapshot under a given policy instead of the one GitHub would supply (dry runs). */
    public Loaded load(InstallationApi api, PullRequestKey key, JsonNode pr, Optional<PolicyFile> policy)
            throws IOException {
        String repo = key.repo().fullName();
        String repoPath = InstallationApi.repoPath(repo);
        String prPath = "/repos/" + repoPath + "/pulls/" + key.number();
        BranchRef head = branch(pr.path("head"));
        BranchRef base = branch(pr.path("base"));

        Optional<PolicyParseResult> parseResult = policy.isPresent()
                ? Optional.of(parse(api, key.repo().owner(), policy.get())) : Optional.empty();
        Optional<Policy> parsed = parseResult.flatMap(PolicyParseResult::policy);
        Triggers triggers = parsed.map(Policy::triggers).orElse(Triggers.NONE);
        // A policy that does not parse fails closed without looking further.
        boolean evaluable = policy.isEmpty() || parsed.isPresent();

        InstallationApi.Page files = api.list(prPath + "/files", MAX_FILES);
        InstallationApi.Page commits = api.list(prPath + "/commits", MAX_COMMITS);
        List<ListingCut> cuts = new ArrayList<>();
        List<Review> reviews = List.of();
        if (evaluable) {
            InstallationApi.Page page = api.list(prPath + "/reviews", MAX_REVIEWS);
            reviews = page.items().stream().map(SnapshotLoader::review).filter(r -> r.submittedAt() != null).toList();
            if (page.incomplete()) {
                cuts.add(new ListingCut(Listing.REVIEWS, page.items().size(), page.total()));
            }
        }

        List<CheckResult> checks = new ArrayList<>();
        if (triggers.needs(Triggers.Fetch.CHECKS)) {
            String commitPath = "/repos/" + repoPath + "/commits/" + InstallationApi.segment(head.sha());
            InstallationApi.Page runs = api.list(commitPath + "/check-runs", MAX_CHECKS, "check_runs");
            for (JsonNode run : runs.items()) {
                checks.add(new CheckResult(run.path("name").asText(), CheckResult.Kind.CHECK_RUN,
                        text(run, "status"), text(run, "conclusion"), text(run.path("app"), "slug")));
            }
            // The combined status is paged like any list (30 statuses a page unless asked for more).
            InstallationApi.Page statuses = api.list(commitPath + "/status", MAX_CHECKS, "statuses");
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

        Optional<String> codeowners = Optional.empty();
        if (triggers.needs(Triggers.Fetch.CODEOWNERS)) {
            for (String path : CODEOWNERS_PATHS) {
                codeowners = api.fileText(repo, path, base.ref());
                if (codeowners.isPresent()) {
                    break;
                }
            }
        }
        Optional<String> gitattributes = triggers.needs(Triggers.Fetch.GITATTRIBUTES)
                ? api.fileText(repo, ".gitattributes", base.ref()) : Optional.empty();
        Memberships directory = parsed.isPresent()
                ? directory(api, key, parsed.get(), codeowners, reviews) : Memberships.EMPTY;

        Map<String, PatchFingerprint> patches = triggers.needs(Triggers.Fetch.PATCHES)
                ? patches(api, repo, base, head, reviews, files, pr) : Map.of();

        List<String> labels = new ArrayList<>();
        pr.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        int changedFiles = pr.path("changed_files").asInt(files.items().size());
        int commitCount = pr.path("commits").asInt(commits.items().size());
        return new Loaded(new PullRequestSnapshot(key, text(pr, "title"), text(pr, "body"), actor(pr.path("user")),
                text(pr, "state"), pr.path("draft").asBoolean(false), head, base, labels,
                pr.path("additions").asInt(), pr.path("deletions").asInt(), changedFiles, commitCount,
                files.items().stream().map(SnapshotLoader::file).toList(),
                files.truncated() || files.items().size() < changedFiles,
                commits.items().stream().map(SnapshotLoader::commit).toList(),
                commits.truncated() || commits.items().size() < commitCount,
                reviews, checks, policy, codeowners, gitattributes, directory, cuts, patches)
                .withPeople(PullRequestPeople.from(pr)
                        .withCreatingApp(AgentOrigins.creatingApp(api, key))
                        .withTriggeringRun(AgentOrigins.triggeringRun(api, key, pr, webUrl(pr)).orElse(null)))
                .withOrgSignals(policies.orgSignals(api, key.repo())), parseResult);
    }

    /**
     * The pull request's own changes at its head and at each older head that a reviewer's latest review
     * approved; empty when no approval is on an older head. The head's come from the file listing already
     * read, each older head's from one comparison with the base branch ({@code base...head}, three dots:
     * against their merge base), so a rebase or a merge of the base branch compares like for like.
     */
    private Map<String, PatchFingerprint> patches(InstallationApi api, String repo, BranchRef base, BranchRef head,
                                                  List<Review> reviews, InstallationApi.Page files, JsonNode pr)
            throws IOException {
        Map<String, Review> latest = new HashMap<>();
        reviews.stream().sorted(java.util.Comparator.comparing(Review::submittedAt)).forEach(r -> {
            String state = r.state() == null ? "" : r.state().toUpperCase(Locale.ROOT);
            if (r.reviewer().login() != null && (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED")
                    || state.equals("DISMISSED"))) {
                latest.put(r.reviewer().normalizedLogin(), r);
            }
        });
        Set<String> older = new java.util.TreeSet<>();
        for (Review r : latest.values()) {
            if (r.isApproval() && r.commitId() != null && head.sha() != null && !head.sha().equals(r.commitId())) {
                older.add(r.commitId());
            }
        }
        if (older.isEmpty()) {
            return Map.of();
        }
        Map<String, PatchFingerprint> out = new HashMap<>();
        int changedFiles = pr.path("changed_files").asInt(files.items().size());
        out.put(head.sha(), files.incomplete() || files.items().size() < changedFiles
                ? PatchFingerprint.unknown(PatchFingerprint.Gap.FILES_CUT, files.items().size() + " of " + changedFiles)
                : PatchFingerprint.of(files.items().stream().map(SnapshotLoader::filePatch).toList()));
        for (String sha : older) {
            out.put(sha, compared(api, repo, base.sha(), sha));
        }
        return out;
    }

    /** The changes of {@code head} against its merge base with {@code base}, from one cached comparison. */
    private PatchFingerprint compared(InstallationApi api, String repo, String base, String head) throws IOException {
        if (base == null || !SHA.matcher(base).matches() || !SHA.matcher(head).matches()) {
            return PatchFingerprint.unknown(PatchFingerprint.Gap.UNAVAILABLE, head);
        }
        String cacheKey = repo + ":" + base + "..." + head;
        PatchFingerprint cached = comparisons.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        JsonNode cmp;
        try {
            cmp = api.get("/repos/" + InstallationApi.repoPath(repo) + "/compare/" + base + "..." + head);
        } catch (GitHubCallException e) {
            if (e.status() == 404 || e.status() == 422) {
                LOG.info("{}: cannot compare {}...{} ({}); approvals on {} are dropped", repo, base, head, e.status(), head);
                return PatchFingerprint.unknown(PatchFingerprint.Gap.UNAVAILABLE, head);
            }
            throw e;
        }
        List<PatchFingerprint.FilePatch> list = new ArrayList<>();
        cmp.path("files").forEach(f -> list.add(filePatch(f)));
        PatchFingerprint fp = list.size() >= PatchFingerprint.MAX_COMPARE_FILES
                ? PatchFingerprint.unknown(PatchFingerprint.Gap.TOO_MANY_FILES, String.valueOf(list.size()))
                : PatchFingerprint.of(list);
        comparisons.put(cacheKey, fp);
        return fp;
    }

    private static PatchFingerprint.FilePatch filePatch(JsonNode f) {
        return new PatchFingerprint.FilePatch(text(f, "filename"), text(f, "previous_filename"), text(f, "status"),
                f.path("changes").asInt(f.path("additions").asInt() + f.path("deletions").asInt()), text(f, "sha"),
                text(f, "patch"));
    }

    private Memberships directory(InstallationApi api, PullRequestKey key, Policy policy, Optional<String> codeowners,
                                List<Review> reviews) throws IOException {
        Map<String, Set<String>> teams = new HashMap<>();
        for (String team : policy.teamsToResolve(codeowners)) {
            int slash = team.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String cacheKey = key.installationId() + ":" + team;
            Set<String> members = teamMembers.getIfPresent(cacheKey);
            if (members == null) {
                members = new LinkedHashSet<>();
                try {
                    for (JsonNode m : api.list("/orgs/" + InstallationApi.segment(team.substring(0, slash)) + "/teams/"
                            + InstallationApi.segment(team.substring(slash + 1)) + "/members", 10_000).items()) {
                        members.add(m.path("login").asText().toLowerCase(Locale.ROOT));
                    }
                } catch (IllegalArgumentException e) {
                    LOG.warn("team {} named by the policy of {} is not an org/team name; it has no members", team, key);
                } catch (GitHubCallException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    LOG.warn("team {} named by the policy of {} does not exist or is not visible to the App", team, key);
                }
                teamMembers.put(cacheKey, members);
            }
            teams.put(team, members);
        }
        Map<String, String> permissions = new HashMap<>();
        if (policy.triggers().needs(Triggers.Fetch.PERMISSIONS)) {
            for (Review r : reviews) {
                String login = r.reviewer().login();
                if (r.isApproval() && login != null && !permissions.containsKey(login.toLowerCase(Locale.ROOT))) {
                    permissions.put(login.toLowerCase(Locale.ROOT), permission(api, key, login));
                }
            }
        }
        return new Memberships(teams, permissions);
    }

    /** A collaborator's permission: admin, maintain, write, triage, read or none. */
    public static String permission(InstallationApi api, PullRequestKey key, String login) throws IOException {
        if (login == null || login.isEmpty() || login.equals(".") || login.equals("..")) {
            return "none"; // not a GitHub login, and never a path segment of its own
        }
        try {
            JsonNode p = api.get("/repos/" + InstallationApi.repoPath(key.repo().fullName()) + "/collaborators/"
                    + InstallationApi.segment(login) + "/permission");
            String role = text(p, "role_name");
            return role != null ? role.toLowerCase(Locale.ROOT) : p.path("permission").asText("none");
        } catch (GitHubCallException e) {
            if (e.status() == 404) {
                return "none";
            }
            throw e;
        }
    }

    private static BranchRef branch(JsonNode node) {
        return new BranchRef(text(node, "ref"), text(node, "sha"), text(node.path("repo"), "full_name"));
    }

    static Actor actor(JsonNode user) {
        if (user == null || user.isMissingNode() || user.isNull()) {
            return Actor.UNKNOWN;
        }
        return new Actor(text(user, "login"), user.path("id").asLong(0), text(user, "type"));
    }

    private static ChangedFile file(JsonNode f) {
        return new ChangedFile(text(f, "filename"), text(f, "previous_filename"), text(f, "status"),
                f.path("additions").asInt(), f.path("deletions").asInt());
    }

    private static CommitInfo commit(JsonNode c) {
        JsonNode commit = c.path("commit");
        return new CommitInfo(text(c, "sha"), text(commit, "message"), identity(commit.path("author")),
                identity(commit.path("committer")), actor(c.path("author")), actor(c.path("committer")),
                commit.path("verification").path("verified").asBoolean(false));
    }

    private static GitIdentity identity(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? GitIdentity.NONE : new GitIdentity(text(node, "name"), text(node, "email"));
    }

    private static Review review(JsonNode r) {
        String submitted = text(r, "submitted_at");
        return new Review(r.path("id").asLong(), actor(r.path("user")), text(r, "state"), text(r, "commit_id"),
                submitted == null ? null : Instant.parse(submitted));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
