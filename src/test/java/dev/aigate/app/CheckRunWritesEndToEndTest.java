package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.store.PublishedCheckRuns;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check-run writes of an evaluation: a slow one shows an in-progress run first and completes it; a placeholder
 * left by a crash between a create and recording its id makes the next evaluation adopt that run, not add another.
 * (A quick first evaluation's single write is in {@link GateEndToEndTest}.)
 */
@MicronautTest
class CheckRunWritesEndToEndTest extends EndToEndTestBase {

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.check-run.in-progress-after", "300ms");
    }

    @Test
    void anEvaluationStillRunningAfterTheThresholdShowsInProgressFirst() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        // The file listing takes 2 s: far longer than the 300 ms threshold, as a GitHub retry would.
        String files = "/repos/" + FakeGitHub.REPO + "/pulls/2/files";
        github.removeGetStubs(files);
        github.stub(WireMock.get(urlPathEqualTo(files)).willReturn(json(200, "[{\"filename\":\"src/App.java\","
                + "\"status\":\"modified\",\"additions\":1,\"deletions\":1,\"changes\":2}]").withFixedDelay(2000)));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(20));
        awaitQueueEmpty();

        List<LoggedRequest> writes = github.checkRunWrites();
        assertEquals(2, writes.size(), writes.stream().map(r -> r.getMethod() + " " + r.getUrl()).toList().toString());
        JsonNode created = Fixtures.parse(writes.get(0).getBodyAsString());
        assertEquals("POST", writes.get(0).getMethod().getName());
        assertEquals("in_progress", created.path("status").asText(), created.toString());
        assertEquals(github.headSha(), created.path("head_sha").asText());
        // Shown in progress while the file listing was still being answered, not after it.
        LoggedRequest listing = github.requests(r -> r.getUrl().startsWith(files)).get(0);
        assertTrue(writes.get(0).getLoggedDate().before(new java.util.Date(listing.getLoggedDate().getTime() + 2000)),
                "in progress before the slow read ended");
        JsonNode completed = Fixtures.parse(writes.get(1).getBodyAsString());
        assertEquals("PATCH", writes.get(1).getMethod().getName());
        assertEquals("completed", completed.path("status").asText());
        assertEquals("failure", completed.path("conclusion").asText());
        long id = Fixtures.parse(github.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST") && e.getRequest().getUrl().endsWith("/check-runs"))
                .findFirst().orElseThrow().getResponse().getBodyAsString()).path("id").asLong();
        assertTrue(writes.get(1).getUrl().endsWith("/check-runs/" + id), "the in-progress run is the one completed");
        PublishedCheckRuns.Published ledger = context.getBean(PublishedCheckRuns.class)
                .find(FakeGitHub.REPO, github.headSha()).orElseThrow();
        assertEquals(id, ledger.checkRunId());
        assertEquals("failure", ledger.conclusion());
    }

    @Test
    void aPlaceholderLeftByACrashAdoptsTheRunItCreated() throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), POLICY);
        // A crash between the create and recording its id: the ledger holds the placeholder, GitHub holds the run.
        context.getBean(PublishedCheckRuns.class).save(FakeGitHub.REPO, github.headSha(),
                new PublishedCheckRuns.Published(PublishCheckRun.PLACEHOLDER, null));
        github.stub(WireMock.get(urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/commits/" + github.headSha() + "/check-runs"))
                .withQueryParam("check_name", equalTo("ai-gate")).atPriority(1)
                .willReturn(json(200, "{\"total_count\":1,\"check_runs\":[{\"id\":777001,\"name\":\"ai-gate\","
                        + "\"status\":\"in_progress\",\"app\":{\"id\":" + APP_ID + "}}]}")));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        github.awaitCompletions(1, Duration.ofSeconds(20));
        awaitQueueEmpty();

        List<LoggedRequest> writes = github.checkRunWrites();
        assertEquals(1, writes.size(), writes.stream().map(r -> r.getMethod() + " " + r.getUrl()).toList().toString());
        assertEquals("PATCH", writes.get(0).getMethod().getName(), "no second run beside the adopted one");
        assertTrue(writes.get(0).getUrl().endsWith("/check-runs/777001"), writes.get(0).getUrl());
        assertEquals(777001, context.getBean(PublishedCheckRuns.class).find(FakeGitHub.REPO, github.headSha())
                .orElseThrow().checkRunId());
    }
}
