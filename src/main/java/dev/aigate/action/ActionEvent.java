package dev.aigate.action;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a workflow run's event asks ai-gate to judge: the pull requests it names, or why it names none.
 * Reads only {@code GITHUB_EVENT_NAME} and the payload at {@code GITHUB_EVENT_PATH}; everything else is
 * read fresh from the API, so a stale or crafted payload can at most pick which pull request is judged.
 *
 * @param targets     pull request numbers of {@code repository}, in payload order, without repeats
 * @param skipped     why nothing is judged (one line), or null when {@code targets} is not empty
 * @param payloadHead the head commit the payload names, where a failure to judge is posted; null if none
 * @param repoJson    the payload's repository, to bind a check-run write to without reading it
 */
public record ActionEvent(String repository, List<Integer> targets, String skipped, String payloadHead, JsonNode repoJson) {

    /** The triggers docs/action.md documents, in that order. */
    public static final List<String> SUPPORTED = List.of("pull_request_target", "pull_request", "pull_request_review",
            "check_suite", "workflow_run");
    static final Set<String> PULL_REQUEST_ACTIONS = Set.of("opened", "reopened", "synchronize", "edited",
            "ready_for_review", "labeled", "unlabeled");
    static final Set<String> REVIEW_ACTIONS = Set.of("submitted", "dismissed", "edited");

    public ActionEvent {
        targets = List.copyOf(targets);
    }

    public static ActionEvent read(String eventName, JsonNode payload) {
        String action = payload.path("action").asText("");
        String repo = payload.path("repository").path("full_name").asText("");
        if (!SUPPORTED.contains(eventName)) {
            return skip(repo, "the " + eventName + " event is not one this action handles; nothing to do (it handles "
                    + String.join(", ", SUPPORTED) + ")");
        }
        if (repo.isEmpty() || !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            return skip(repo, "the " + eventName + " payload names no repository; nothing to do");
        }
        return switch (eventName) {
            case "pull_request", "pull_request_target" -> PULL_REQUEST_ACTIONS.contains(action)
                    ? single(repo, payload, payload.path("pull_request").path("number").asInt(payload.path("number").asInt()))
                    : skip(repo, eventName + " " + action + " does not change the gate; nothing to do");
            case "pull_request_review" -> REVIEW_ACTIONS.contains(action)
                    ? single(repo, payload, payload.path("pull_request").path("number").asInt())
                    : skip(repo, "pull_request_review " + action + " does not change the gate; nothing to do");
            case "check_suite" -> fromList(repo, payload, eventName, action, payload.path("check_suite"));
            default -> fromList(repo, payload, eventName, action, payload.path("workflow_run"));
        };
    }

    /** check_suite and workflow_run: the pull requests in {@code pull_requests} whose base is this repository. */
    private static ActionEvent fromList(String repo, JsonNode payload, String eventName, String action, JsonNode holder) {
        if (!"completed".equals(action)) {
            return skip(repo, eventName + " " + action + " is not a completion; nothing to do");
        }
        long repoId = payload.path("repository").path("id").asLong(-1);
        List<Integer> numbers = new ArrayList<>();
        int foreign = 0;
        for (JsonNode pr : holder.path("pull_requests")) {
            int number = pr.path("number").asInt(0);
            if (number <= 0) {
                continue;
            }
            if (pr.path("base").path("repo").path("id").asLong(-2) != repoId) {
                foreign++; // GitHub lists pull requests of other repositories whose head is this commit
            } else if (!numbers.contains(number)) {
                numbers.add(number);
            }
        }
        if (numbers.isEmpty()) {
            return skip(repo, eventName + " completed carries no pull request into " + repo
                    + (foreign > 0 ? " (only " + foreign + " into other repositories)" : "")
                    + "; nothing to do (GitHub leaves pull_requests empty for pull requests from forks)");
        }
        return new ActionEvent(repo, numbers, null, sha(holder.path("head_sha")), payload.path("repository"));
    }

    private static ActionEvent single(String repo, JsonNode payload, int number) {
        return number > 0 ? new ActionEvent(repo, List.of(number), null,
                sha(payload.path("pull_request").path("head").path("sha")), payload.path("repository"))
                : skip(repo, "the payload names no pull request number; nothing to do");
    }

    private static ActionEvent skip(String repo, String why) {
        return new ActionEvent(repo, List.of(), why, null, null);
    }

    private static String sha(JsonNode node) {
        String s = node.asText("");
        return s.matches("[0-9a-f]{40}") ? s : null;
    }
}
