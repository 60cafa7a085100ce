package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.provenance.WorkflowRunLinks;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.CreatingApp;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.TriggeringRun;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two reads that say where an agent's pull request came from, each one GET, each on its own
 * so that a loader can run them beside its other reads:
 * <ul>
 *   <li>{@link #creatingApp}: {@code performed_via_github_app} from the pull request's issue
 *       ({@code GET /repos/{owner}/{repo}/issues/{number}}; the pulls endpoint does not carry it);</li>
 *   <li>{@link #triggeringRun}: for a pull request a bot account opened whose body links a run of
 *       its own repository, {@code GET /repos/{owner}/{repo}/actions/runs/{id}}, for who triggered it.</li>
 * </ul>
 * A 404 or 410 on either, or a 403 for a missing permission (not a rate limit), is not a failure of
 * the evaluation: the snapshot says the fact was unavailable and the classifier goes on without it.
 * Any other error is thrown, to be retried.
 */
public final class AgentOrigins {

    /** An App slug as GitHub makes them: lower case, digits and dashes. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?");

    private AgentOrigins() {
    }

    /** Which App created the pull request, as its issue view says. */
    public static CreatingApp creatingApp(InstallationApi api, PullRequestKey key) throws IOException {
        JsonNode issue;
        try {
            issue = api.get("/repos/" + InstallationApi.repoPath(key.repo().fullName()) + "/issues/" + key.number());
        } catch (GitHubCallException e) {
            if (notThere(e)) {
                return CreatingApp.unavailable(e.status());
            }
            throw e;
        }
        JsonNode app = issue.path("performed_via_github_app");
        if (!app.isObject()) {
            return CreatingApp.NONE;
        }
        String slug = app.path("slug").asText("");
        if (!SLUG.matcher(slug).matches()) {
            return CreatingApp.NONE;
        }
        return CreatingApp.app(slug, Math.max(0, app.path("id").asLong(0)));
    }

    /**
     * The run a bot-opened pull request's body links to in its own repository, and who triggered it;
     * empty (no read) for a pull request a person opened or a body without such a link.
     *
     * @param webUrl GitHub's web address ({@code AIGATE_GITHUB_WEB_URL}), which the link must start with
     */
    public static Optional<TriggeringRun> triggeringRun(InstallationApi api, PullRequestKey key, JsonNode pr,
                                                        String webUrl) throws IOException {
        Actor author = SnapshotLoader.actor(pr.path("user"));
        if (!author.isBot()) {
            return Optional.empty();
        }
        Optional<WorkflowRunLinks.Found> link = WorkflowRunLinks.find(pr.path("body").asText(""), webUrl,
                key.repo().fullName());
        if (link.isEmpty()) {
            return Optional.empty();
        }
        long id = link.get().runId();
        JsonNode run;
        try {
            run = api.get("/repos/" + InstallationApi.repoPath(key.repo().fullName()) + "/actions/runs/" + id);
        } catch (GitHubCallException e) {
            if (notThere(e)) {
                return Optional.of(new TriggeringRun(id, link.get().line(), TriggeringRun.State.UNAVAILABLE, null, null,
                        e.status()));
            }
            throw e;
        }
        return Optional.of(new TriggeringRun(id, link.get().line(), TriggeringRun.State.READ,
                account(run.path("triggering_actor")), account(run.path("actor")), 0));
    }

    /**
     * A read that will not answer by retrying: gone (404, 410), or refused for a permission the
     * installation or the Action's token does not hold (a 403 that is not a rate limit; reading a
     * workflow run needs Actions: read). A rate limit or a 5xx is thrown, to be retried.
     */
    private static boolean notThere(GitHubCallException e) {
        return e.status() == 404 || e.status() == 410 || (e.status() == 403 && !GitHubFailures.isTransient(e));
    }

    private static Actor account(JsonNode user) {
        Actor a = SnapshotLoader.actor(user);
        return a.login() == null ? null : a;
    }
}
