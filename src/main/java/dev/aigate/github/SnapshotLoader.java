package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.PolicyParser;
import dev.aigate.policy.Triggers;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Loads everything a decision needs into an immutable {@link PullRequestSnapshot}: the pull
 * request, its files, commits and reviews, checks and statuses on the head SHA, the policy from the
 * base branch, and the team memberships the policy refers to.
 *
 * <p>The pull request is read first; then every other read is in flight at once ({@link SnapshotReads}), and
 * only what depends on an earlier answer waits for it, so a typical evaluation costs two round trips to GitHub
 * however many reads it makes. At most {@link InstallationApi#MAX_CONCURRENT_REQUESTS} requests of one
 * installation are in flight at a time. Checks and statuses, CODEOWNERS, {@code .gitattributes}, team members
 * and reviewer permissions are read only when the policy can use them (or, started early, used only then).
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
    static final String[] CODEOWNERS_PATHS = {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"};

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
    String webUrl(JsonNode pr) {
        if (webUrl != null) {
            return webUrl;
        }
        okhttp3.HttpUrl html = okhttp3.HttpUrl.parse(pr.path("html_url").asText(""));
        return html == null ? "https://github.com"
                : html.scheme() + "://" + html.host() + (html.port() == okhttp3.HttpUrl.defaultPort(html.scheme()) ? "" : ":" + html.port());
    }

    /** The organisation's extra signal catalogue ({@code ai-gate-signals.yml} in its {@code .github} repository). */
    Optional<PolicyFile> orgSignals(InstallationApi api, PullRequestKey key) throws IOException {
        return policies.orgSignals(api, key.repo());
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

    /** Reads the rest of what the governing policy needs; see {@link #start}. */
    public Loaded load(InstallationApi api, PullRequestKey key, JsonNode pr) throws IOException {
        return start(api, key, pr, Triggers.NONE).join();
    }

    /** Loads the snapshot under a given policy instead of the one GitHub would supply (dry runs). */
    public Loaded load(InstallationApi api, PullRequestKey key, JsonNode pr, Optional<PolicyFile> policy)
            throws IOException {
        return new SnapshotReads(this, api, key, pr, CompletableFuture.completedFuture(policy), Triggers.NONE).join();
    }

    /**
     * Starts every read of the snapshot that does not wait on another answer, and returns at once;
     * {@link SnapshotReads#join()} waits for them. {@code expected} are the triggers of the policy that governed
     * this repository and base branch last time: the optional reads they name start now, with the rest; the
     * policy read now decides what the snapshot holds (anything more it needs is read then).
     */
    public SnapshotReads start(InstallationApi api, PullRequestKey key, JsonNode pr, Triggers expected) {
        String baseRef = SnapshotJson.branch(pr.path("base")).ref();
        return new SnapshotReads(this, api, key, pr, policies.start(api, key.repo(), baseRef), expected);
    }

    /** The lower-cased logins of a team's members ({@code org/slug}), cached for five minutes per installation. */
    Set<String> teamMembers(InstallationApi api, PullRequestKey key, String team) throws IOException {
        int slash = team.indexOf('/');
        String cacheKey = key.installationId() + ":" + team;
        Set<String> members = teamMembers.getIfPresent(cacheKey);
        if (members != null) {
            return members;
        }
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
        return members;
    }

    /** The changes of {@code head} against its merge base with {@code base}, from one cached comparison. */
    PatchFingerprint compared(InstallationApi api, String repo, String base, String head) throws IOException {
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
        cmp.path("files").forEach(f -> list.add(SnapshotJson.filePatch(f)));
        PatchFingerprint fp = list.size() >= PatchFingerprint.MAX_COMPARE_FILES
                ? PatchFingerprint.unknown(PatchFingerprint.Gap.TOO_MANY_FILES, String.valueOf(list.size()))
                : PatchFingerprint.of(list);
        comparisons.put(cacheKey, fp);
        return fp;
    }

    /** A collaborator's permission: admin, maintain, write, triage, read or none. */
    public static String permission(InstallationApi api, PullRequestKey key, String login) throws IOException {
        if (login == null || login.isEmpty() || login.equals(".") || login.equals("..")) {
            return "none"; // not a GitHub login, and never a path segment of its own
        }
        try {
            JsonNode p = api.get("/repos/" + InstallationApi.repoPath(key.repo().fullName()) + "/collaborators/"
                    + InstallationApi.segment(login) + "/permission");
            String role = SnapshotJson.text(p, "role_name");
            return role != null ? role.toLowerCase(Locale.ROOT) : p.path("permission").asText("none");
        } catch (GitHubCallException e) {
            if (e.status() == 404) {
                return "none";
            }
            throw e;
        }
    }

    static Actor actor(JsonNode user) {
        return SnapshotJson.actor(user);
    }
}
