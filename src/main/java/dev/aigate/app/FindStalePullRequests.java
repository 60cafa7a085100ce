package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.InstallationApi;
import dev.aigate.store.PublishedCheckRuns;
import dev.aigate.queue.WorkTarget;
import dev.aigate.recovery.OpenPullRequestScanner;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For the optional reconcile ({@code AIGATE_RECONCILE_ENABLED=true}): walks every installation's
 * repositories and finds open pull requests whose head has no completed {@code ai-gate} check run
 * in the store's ledger, i.e. whose events GitHub never sent. Bounded per run, so a large
 * organisation is covered over several runs rather than in one burst of requests.
 */
@Singleton
public class FindStalePullRequests implements OpenPullRequestScanner {

    static final int MAX_INSTALLATIONS = 100;
    static final int MAX_REPOSITORIES = 300;
    static final int MAX_PULLS_PER_REPOSITORY = 100;
    private static final Logger LOG = LoggerFactory.getLogger(FindStalePullRequests.class);

    private final GitHubClients clients;
    private final PublishedCheckRuns published;

    public FindStalePullRequests(GitHubClients clients, PublishedCheckRuns published) {
        this.clients = clients;
        this.published = published;
    }

    @Override
    public List<WorkTarget> stalePullRequests() throws IOException {
        List<WorkTarget> stale = new ArrayList<>();
        for (long installation : installations()) {
            InstallationApi api = clients.api(installation);
            for (JsonNode repo : api.list("/installation/repositories", MAX_REPOSITORIES, "repositories").items()) {
                String name = repo.path("full_name").asText();
                for (JsonNode pr : api.list("/repos/" + InstallationApi.repoPath(name) + "/pulls?state=open", MAX_PULLS_PER_REPOSITORY).items()) {
                    String head = pr.path("head").path("sha").asText();
                    Optional<PublishedCheckRuns.Published> run = published.find(name, head);
                    if (run.isEmpty() || run.get().outputHash() == null) {
                        stale.add(WorkTarget.pullRequest(installation, name, pr.path("number").asInt()));
                    }
                }
            }
        }
        LOG.info("reconcile: {} open pull request(s) without a completed ai-gate check on their head", stale.size());
        return stale;
    }

    private List<Long> installations() throws IOException {
        List<Long> ids = new ArrayList<>();
        for (JsonNode i : clients.app().get("/app/installations?per_page=" + MAX_INSTALLATIONS)) {
            if (i.path("suspended_at").isNull() || i.path("suspended_at").isMissingNode()) {
                ids.add(i.path("id").asLong());
            }
        }
        return ids;
    }
}
