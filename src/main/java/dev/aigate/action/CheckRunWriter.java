package dev.aigate.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.github.CheckRunPublisher;
import dev.aigate.github.GitHubClients;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

import java.io.IOException;
import java.io.StringReader;

/**
 * Posts the {@code ai-gate} check run with the job's token instead of an installation's, through the
 * App's {@link CheckRunPublisher} and the same guarded HTTP client (same host only, no sleeping on limits).
 */
public final class CheckRunWriter {

    private final GitHub github;
    private final CheckRunPublisher publisher;

    public CheckRunWriter(GitHubClients clients, String token) throws IOException {
        this.github = new GitHubBuilder().withEndpoint(clients.apiUrl())
                // Not withOAuthToken: that one asks GET /user who the token is, which a job's token may not.
                .withAuthorizationProvider(() -> "token " + token)
                .withConnector(new OkHttpGitHubConnector(clients.http()))
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                .build();
        this.publisher = new CheckRunPublisher(clients);
    }

    /** Creates the completed check run on the head commit; returns its id. */
    public long post(JsonNode baseRepo, String headSha, CheckRunContent content) throws IOException {
        // The pull request carries its repository's JSON: binding to it costs no GET /repos/{owner}/{repo}.
        GHRepository repository = github.parseEventPayload(new StringReader("{\"repository\":" + baseRepo + "}"),
                GHEventPayload.Ping.class).getRepository();
        return publisher.complete(repository, headSha, null, content);
    }
}
