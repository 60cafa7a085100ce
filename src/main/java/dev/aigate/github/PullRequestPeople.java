package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.PullRequestSnapshot.People;

import java.util.ArrayList;
import java.util.List;

/**
 * The accounts a pull request's JSON names besides its author: {@code assignees},
 * {@code requested_reviewers} (users; teams are not accounts) and, when the payload carries it,
 * {@code performed_via_github_app}, the App that created the pull request for its author. Read from
 * the pull request already loaded; no further call.
 */
final class PullRequestPeople {

    /** At most this many assignees and reviewers are read; GitHub allows 10 assignees. */
    private static final int MAX = 100;

    private PullRequestPeople() {
    }

    static People from(JsonNode pr) {
        return new People(app(pr.path("performed_via_github_app")), actors(pr.path("assignees")),
                actors(pr.path("requested_reviewers")));
    }

    /**
     * The App as the bot account it acts as: {@code <slug>[bot]}. The App's id is not its bot
     * account's id, so the id is left unknown and the account is matched by login only.
     */
    private static Actor app(JsonNode app) {
        if (app == null || !app.isObject()) {
            return null;
        }
        String slug = app.path("slug").asText("");
        if (slug.isEmpty() || slug.length() > 100) {
            return null;
        }
        return new Actor(slug + "[bot]", 0, "Bot");
    }

    private static List<Actor> actors(JsonNode list) {
        List<Actor> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode u : list) {
                if (out.size() >= MAX) {
                    break;
                }
                Actor a = SnapshotLoader.actor(u);
                if (a.login() != null) {
                    out.add(a);
                }
            }
        }
        return List.copyOf(out);
    }
}
