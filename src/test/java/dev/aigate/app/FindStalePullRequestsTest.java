package dev.aigate.app;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.github.AppCredentials;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubSettings;
import dev.aigate.store.PublishedCheckRuns;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.queue.WorkTarget;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FindStalePullRequestsTest {

    final FakeGitHub github = new FakeGitHub();

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void findsOpenPullRequestsWithoutACompletedCheckOnTheirHead(@TempDir Path data) throws Exception {
        github.stub(WireMock.get(urlPathEqualTo("/app/installations"))
                .willReturn(json(200, "[{\"id\":7,\"suspended_at\":null},{\"id\":8,\"suspended_at\":\"2026-01-01T00:00:00Z\"}]")));
        github.stub(WireMock.get(urlPathEqualTo("/installation/repositories"))
                .willReturn(json(200, "{\"total_count\":1,\"repositories\":[{\"full_name\":\"acme/app\"}]}")));
        github.stub(WireMock.get(urlPathEqualTo("/repos/acme/app/pulls")).willReturn(json(200, """
                [{"number":1,"head":{"sha":"aaa"}},{"number":2,"head":{"sha":"bbb"}},{"number":3,"head":{"sha":"ccc"}}]""")));
        Map<String, PublishedCheckRuns.Published> ledger = new HashMap<>();
        ledger.put("acme/app@aaa", new PublishedCheckRuns.Published(11, "digest")); // done
        ledger.put("acme/app@bbb", new PublishedCheckRuns.Published(12, null));     // still in progress
        PublishedCheckRuns runs = new PublishedCheckRuns() {
            @Override
            public Optional<Published> find(String repo, String headSha) {
                return Optional.ofNullable(ledger.get(repo + "@" + headSha));
            }

            @Override
            public void save(String repo, String headSha, Published published) {
                ledger.put(repo + "@" + headSha, published);
            }
        };
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(github.url());
        AppCredentials app = new AppCredentials("12345", Fixtures.text("keys/test-app.pkcs8.pem"), "s");
        CredentialsProvider credentials = new CredentialsProvider() {
            public Optional<AppCredentials> current() {
                return Optional.of(app);
            }

            public Optional<String> webhookSecret() {
                return Optional.of("s");
            }

            public List<String> missing() {
                return List.of();
            }
        };
        GitHubClients clients = new GitHubClients(settings, credentials, new GateMetrics(new SimpleMeterRegistry()), data.toString());

        List<WorkTarget> stale = new FindStalePullRequests(clients, runs).stalePullRequests();

        assertEquals(List.of("acme/app#2", "acme/app#3"), stale.stream().map(WorkTarget::key).toList());
        assertEquals(0, github.requests(r -> r.getUrl().contains("/installations/8/")).size(), "suspended installations are skipped");
        assertEquals(List.of(), github.unmatched());
        clients.close();
    }
}
