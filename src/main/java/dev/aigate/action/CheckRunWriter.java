package dev.aigate.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.github.CheckRunPublisher;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.InstallationApi;

import java.io.IOException;

/**
 * Posts the {@code ai-gate} check run with the job's token instead of an installation's, through the
 * App's {@link CheckRunPublisher} and the same guarded HTTP client (same host only, no sleeping on limits).
 */
public final class CheckRunWriter {

    private final InstallationApi api;
    private final CheckRunPublisher publisher = new CheckRunPublisher();

    public CheckRunWriter(GitHubClients clients, String token) {
        this.api = clients.withToken(token);
    }

    /** Creates the completed check run on the head commit of the pull request's base repository; returns its id. */
    public long post(JsonNode baseRepo, String headSha, CheckRunContent content) throws IOException {
        String repo = baseRepo.path("full_name").asText(
                baseRepo.path("owner").path("login").asText() + "/" + baseRepo.path("name").asText());
        return publisher.complete(api, repo, headSha, null, content);
    }
}
