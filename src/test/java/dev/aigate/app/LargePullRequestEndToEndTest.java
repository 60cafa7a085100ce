package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest pull request GitHub lists (3,000 files in 30 pages, 250 commits in 3 pages, every
 * commit with an AI trailer), end to end: every page is followed, the check run stays within
 * GitHub's 65,535-byte limit, and its annotations go out 50 per request.
 */
@MicronautTest
class LargePullRequestEndToEndTest extends EndToEndTestBase {

    static final String POLICY_WITH_TESTS = """
            version: 1
            rules:
              - name: AI code needs tests and a reviewer
                if: { provenance: [agent, assisted] }
                require:
                  approvals: 1
                  tests: { when_changed: ["src/main/**"], must_change: ["src/test/**"], per_file: true }
            """;

    /** Serves a list in pages of 100 with GitHub's Link header, as the real API does. */
    private void stubPages(String path, ArrayNode all) {
        int pages = (all.size() + 99) / 100;
        for (int page = 1; page <= pages; page++) {
            ArrayNode slice = Fixtures.JSON.createArrayNode();
            for (int i = (page - 1) * 100; i < Math.min(all.size(), page * 100); i++) {
                slice.add(all.get(i));
            }
            var response = json(200, slice.toString());
            if (page < pages) {
                response = response.withHeader("Link", "<" + github.url() + path + "?per_page=100&page=" + (page + 1)
                        + ">; rel=\"next\", <" + github.url() + path + "?per_page=100&page=" + pages + ">; rel=\"last\"");
            }
            var request = WireMock.get(urlPathEqualTo(path));
            github.stub((page == 1 ? request.withQueryParam("per_page", equalTo("100")).atPriority(9)
                    : request.withQueryParam("page", equalTo(Integer.toString(page))).atPriority(1)).willReturn(response));
        }
    }

    @Test
    void theLargestPullRequestIsReadWholeAndItsCheckRunFits() throws Exception {
        ObjectNode pr = github.pullRequest("Codertocat", 21031067, "User");
        pr.put("changed_files", 3000).put("commits", 250).put("additions", 30000).put("deletions", 3000);
        github.stubTypicalPullRequest(pr, POLICY_WITH_TESTS);
        ArrayNode files = Fixtures.JSON.createArrayNode();
        for (int i = 0; i < 3000; i++) {
            // Paths as long as real ones, so the full per-file list cannot fit in 65,535 bytes.
            files.addObject().put("filename", "src/main/java/com/example/platform/billing/module" + (i / 100)
                            + "/internal/DescriptivelyNamedComponent" + i + "Implementation.java")
                    .put("status", "modified").put("additions", 10).put("deletions", 1);
        }
        github.removeGetStubs("/repos/" + FakeGitHub.REPO + "/pulls/2/files");
        stubPages("/repos/" + FakeGitHub.REPO + "/pulls/2/files", files);
        JsonNode example = Fixtures.rest("pulls.list-commits.200.default").get(0);
        ArrayNode commits = Fixtures.JSON.createArrayNode();
        for (int i = 0; i < 250; i++) {
            ObjectNode c = example.deepCopy();
            c.put("sha", String.format("%040x", 0xdead0000L + i));
            ((ObjectNode) c.get("commit")).put("message", "Step " + i + "\n\nCo-authored-by: Claude <noreply@anthropic.com>");
            commits.add(c);
        }
        github.removeGetStubs("/repos/" + FakeGitHub.REPO + "/pulls/2/commits");
        stubPages("/repos/" + FakeGitHub.REPO + "/pulls/2/commits", commits);
        github.stubGet("/repos/" + FakeGitHub.REPO + "/contents/.gitattributes", 404, "application/json", "{}");

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(30)).get(0);
        assertEquals("failure", done.path("conclusion").asText());
        String summary = done.path("output").path("summary").asText();
        String text = done.path("output").path("text").asText();
        assertTrue(summary.getBytes(StandardCharsets.UTF_8).length <= 65_535, "summary within GitHub's limit");
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 65_535, "text within GitHub's limit");
        assertTrue(summary.contains("**assisted**"), "every commit carries a Claude trailer");
        // The evaluator lists at most 100 files per requirement, and says how many there are in all.
        assertTrue(summary.contains("3000 files matching"), summary);
        assertTrue(summary.contains("33,000 changed lines in 3,000 files"), summary);
        assertEquals(30, github.requests(r -> r.getUrl().startsWith("/repos/" + FakeGitHub.REPO + "/pulls/2/files")).size(),
                "all 30 pages of files were read");
        assertEquals(3, github.requests(r -> r.getUrl().startsWith("/repos/" + FakeGitHub.REPO + "/pulls/2/commits")).size());
        // Annotations beyond the first 50 go in follow-up updates, 50 at a time.
        awaitQueueEmpty();
        int annotations = 0;
        for (JsonNode update : github.completions()) {
            annotations += update.path("output").path("annotations").size();
            assertTrue(update.path("output").path("annotations").size() <= 50, "at most 50 annotations per request");
        }
        assertTrue(annotations > 50, "the missing tests are annotated across several requests: " + annotations);
    }
}
