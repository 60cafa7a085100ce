package dev.aigate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.queue.WorkTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides, from the event name and payload alone, which pull requests a delivery can affect.
 * Pure: no I/O. Events and actions that cannot change a verdict are ignored here, before any
 * GitHub call is spent on them.
 */
public final class EventRouter {

    /** Every event ai-gate subscribes to; anything else is answered 202 "ignored". */
    public static final Set<String> KNOWN_EVENTS = Set.of("pull_request", "pull_request_review", "check_run",
            "check_suite", "status", "installation", "installation_repositories", "push", "ping");

    static final Set<String> PULL_REQUEST_ACTIONS = Set.of("opened", "reopened", "synchronize", "edited",
            "ready_for_review", "labeled", "unlabeled");
    static final Set<String> REVIEW_ACTIONS = Set.of("submitted", "dismissed", "edited");

    private final long ownAppId;
    /** True for the events whose routing asks {@link CheckRelevance}, which reads the store (a blocking call). */
    public static boolean readsTheStore(String event) {
        return "status".equals(event) || "check_run".equals(event) || "check_suite".equals(event);
    }

    private final CheckRelevance relevance;

    /** @param ownAppId this App's id, to ignore its own check-run events (0 when unknown) */
    public EventRouter(long ownAppId) {
        this(ownAppId, CheckRelevance.ALWAYS);
    }

    /** @param relevance which finished checks can matter to a repository's policies */
    public EventRouter(long ownAppId, CheckRelevance relevance) {
        this.ownAppId = ownAppId;
        this.relevance = relevance;
    }

    public RoutedEvent route(String event, JsonNode payload, long installationId) {
        String action = payload.path("action").asText("");
        String repo = payload.path("repository").path("full_name").asText(null);
        return switch (event) {
            case "pull_request" -> PULL_REQUEST_ACTIONS.contains(action)
                    ? pullRequest(installationId, repo, payload.path("pull_request").path("number").asInt(payload.path("number").asInt()))
                    : RoutedEvent.ignore("pull_request." + action + " cannot change the verdict");
            case "pull_request_review" -> REVIEW_ACTIONS.contains(action)
                    ? pullRequest(installationId, repo, payload.path("pull_request").path("number").asInt())
                    : RoutedEvent.ignore("pull_request_review." + action + " cannot change the verdict");
            case "check_run" -> checkRun(installationId, repo, action, payload.path("check_run"));
            case "check_suite" -> checkSuite(installationId, repo, action, payload.path("check_suite"));
            case "status" -> repo == null ? RoutedEvent.ignore("status without a repository")
                    : !relevance.mayMatter(repo, payload.path("context").asText())
                    ? RoutedEvent.ignore("no policy of " + repo + " watches status " + payload.path("context").asText())
                    : new RoutedEvent(List.of(WorkTarget.commit(installationId, repo, payload.path("sha").asText())),
                    "status " + payload.path("context").asText() + " changed");
            case "installation" -> "created".equals(action) || "new_permissions_accepted".equals(action)
                    ? repositories(installationId, payload.path("repositories"), "app installed")
                    : RoutedEvent.ignore("installation." + action + " needs no evaluation");
            case "installation_repositories" -> "added".equals(action)
                    ? repositories(installationId, payload.path("repositories_added"), "repositories added to the installation")
                    : RoutedEvent.ignore("installation_repositories." + action + " needs no evaluation");
            case "push" -> push(installationId, repo, payload);
            default -> RoutedEvent.ignore(event + " is not one ai-gate acts on");
        };
    }

    /** A push to the default branch that changes a policy file re-evaluates the open pull requests it governs. */
    private static RoutedEvent push(long installationId, String repo, JsonNode payload) {
        String defaultBranch = payload.path("repository").path("default_branch").asText("");
        if (repo == null || !payload.path("ref").asText().equals("refs/heads/" + defaultBranch)) {
            return RoutedEvent.ignore("push not to the default branch");
        }
        boolean orgPolicyRepo = repo.endsWith("/.github");
        for (JsonNode commit : payload.path("commits")) {
            for (String kind : new String[] {"added", "modified", "removed"}) {
                for (JsonNode path : commit.path(kind)) {
                    String p = path.asText();
                    if (p.equals(".github/ai-gate.yml")) {
                        return new RoutedEvent(List.of(WorkTarget.repository(installationId, repo)),
                                "the repository's policy changed");
                    }
                    if (orgPolicyRepo && p.equals("ai-gate.yml")) {
                        // Every repository of the installation may fall back to this policy.
                        return new RoutedEvent(List.of(WorkTarget.installation(installationId)),
                                "the organisation policy changed");
                    }
                }
            }
        }
        return RoutedEvent.ignore("push does not change a policy file");
    }

    private static RoutedEvent repositories(long installationId, JsonNode repos, String why) {
        List<WorkTarget> targets = new ArrayList<>();
        for (JsonNode r : repos) {
            String name = r.path("full_name").asText(null);
            if (name != null) {
                targets.add(WorkTarget.repository(installationId, name));
            }
        }
        return targets.isEmpty() ? RoutedEvent.ignore(why + ", but no repositories listed")
                : new RoutedEvent(targets, why);
    }

    private RoutedEvent checkRun(long installationId, String repo, String action, JsonNode run) {
        boolean ours = ownAppId != 0 && run.path("app").path("id").asLong() == ownAppId;
        switch (action) {
            case "completed" -> {
                if (ours) {
                    return RoutedEvent.ignore("our own check run");
                }
                if (repo != null && !relevance.mayMatter(repo, run.path("name").asText())) {
                    return RoutedEvent.ignore("no policy of " + repo + " watches check " + run.path("name").asText());
                }
                return forCommit(installationId, repo, run.path("pull_requests"), run.path("head_sha").asText(),
                        "check run " + run.path("name").asText() + " completed");
            }
            case "rerequested", "requested_action" -> {
                if (!ours) {
                    return RoutedEvent.ignore("check_run." + action + " for another app's run");
                }
                return forCommit(installationId, repo, run.path("pull_requests"), run.path("head_sha").asText(),
                        "re-evaluation requested");
            }
            default -> {
                return RoutedEvent.ignore("check_run." + action + " cannot change the verdict");
            }
        }
    }

    private RoutedEvent checkSuite(long installationId, String repo, String action, JsonNode suite) {
        boolean ours = ownAppId != 0 && suite.path("app").path("id").asLong() == ownAppId;
        return switch (action) {
            case "completed" -> ours ? RoutedEvent.ignore("our own check suite")
                    : repo != null && !relevance.mayMatter(repo, null)
                    ? RoutedEvent.ignore("no policy of " + repo + " requires checks")
                    : forCommit(installationId, repo, suite.path("pull_requests"), suite.path("head_sha").asText(),
                    "check suite completed");
            case "rerequested" -> forCommit(installationId, repo, suite.path("pull_requests"),
                    suite.path("head_sha").asText(), "re-evaluation requested");
            default -> RoutedEvent.ignore("check_suite." + action + " cannot change the verdict");
        };
    }

    private static RoutedEvent forCommit(long installationId, String repo, JsonNode pullRequests, String sha, String why) {
        if (repo == null) {
            return RoutedEvent.ignore("no repository in the payload");
        }
        List<WorkTarget> targets = new ArrayList<>();
        for (JsonNode pr : pullRequests) {
            // Only pull requests into this repository: fork pull requests are listed under the base repo.
            String base = pr.path("base").path("repo").path("name").asText(null);
            if (base == null || repo.endsWith("/" + base)) {
                targets.add(WorkTarget.pullRequest(installationId, repo, pr.path("number").asInt()));
            }
        }
        if (targets.isEmpty() && sha != null && !sha.isEmpty()) {
            targets.add(WorkTarget.commit(installationId, repo, sha));
        }
        return new RoutedEvent(targets, why);
    }

    private static RoutedEvent pullRequest(long installationId, String repo, int number) {
        if (repo == null || number <= 0) {
            return RoutedEvent.ignore("payload names no pull request");
        }
        return new RoutedEvent(List.of(WorkTarget.pullRequest(installationId, repo, number)), "pull request changed");
    }
}
