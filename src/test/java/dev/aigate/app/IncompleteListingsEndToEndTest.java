package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pull requests GitHub lists only in part, end to end: the check run never says success on data
 * ai-gate did not read, and it names the listing that was cut and what to do.
 */
@MicronautTest
class IncompleteListingsEndToEndTest extends EndToEndTestBase {

    private static final String FILES = "/repos/" + FakeGitHub.REPO + "/pulls/2/files";
    private static final String COMMITS = "/repos/" + FakeGitHub.REPO + "/pulls/2/commits";

    private static final String SOURCE_RULE = """
            version: 1
            rules:
              - name: Source changes need a reviewer
                if: { changed_files: ["src/**"] }
                require: { approvals: 1 }
            """;

    @Test
    void theOneSourceFilePastGitHubsThreeThousandIsNotTakenAsAbsent() throws Exception {
        ObjectNode pr = github.pullRequest("Codertocat", 21031067, "User");
        pr.put("changed_files", 3001).put("additions", 3001).put("deletions", 0);
        github.stubTypicalPullRequest(pr, SOURCE_RULE);
        ArrayNode files = Fixtures.JSON.createArrayNode();
        for (int i = 0; i < 3000; i++) {
            files.addObject().put("filename", "docs/page" + i + ".md").put("status", "modified").put("additions", 1).put("deletions", 0);
        }
        github.stubPages(FILES, files, null, 0);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(30)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("GitHub lists only 3,000 of 3,001 changed files"), summary);
        assertTrue(summary.contains("cannot tell whether this rule applies"), summary);
        assertTrue(summary.contains("Split the pull request, or a maintainer can override"), summary);
        assertEquals(30, github.requests(r -> r.getUrl().startsWith(FILES)).size(), "every page GitHub serves was read");
    }

    @Test
    void anEmptyFileListForAPullRequestThatChangesAFileIsNotTakenAsNoChange() throws Exception {
        ObjectNode pr = github.pullRequest("Codertocat", 21031067, "User");
        pr.put("changed_files", 1);
        github.stubTypicalPullRequest(pr, SOURCE_RULE);
        github.stubPages(FILES, Fixtures.JSON.createArrayNode(), null, 0);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(30)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        assertTrue(done.path("output").path("summary").asText().contains("GitHub lists only 0 of 1 changed files"),
                done.path("output").path("summary").asText());
    }

    @Test
    void unlistedCommitsBeyondGitHubsTwoHundredFiftyDoNotMakeAnAiPullRequestPass() throws Exception {
        ObjectNode pr = github.pullRequest("Codertocat", 21031067, "User");
        pr.put("commits", 260);
        github.stubTypicalPullRequest(pr, Files.readString(Path.of("policies/default.yml")));
        JsonNode example = Fixtures.rest("pulls.list-commits.200.default").get(0);
        ArrayNode commits = Fixtures.JSON.createArrayNode();
        for (int i = 0; i < 250; i++) {
            // The listed commits carry no AI marker; the 10 GitHub does not list may.
            ObjectNode c = example.deepCopy();
            c.put("sha", String.format("%040x", 0xbeef0000L + i));
            ((ObjectNode) c.get("commit")).put("message", "Step " + i);
            commits.add(c);
        }
        github.stubPages(COMMITS, commits, null, 0);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(30)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("GitHub lists only 250 of 260 commits"), summary);
        assertTrue(summary.contains("cannot tell whether this rule applies"), summary);
        assertEquals(3, github.requests(r -> r.getUrl().startsWith(COMMITS)).size());
    }

    @Test
    void aCheckRunListingShorterThanItsStatedTotalDoesNotSatisfyARequiredCheck() throws Exception {
        ObjectNode pr = github.pullRequest("Codertocat", 21031067, "User");
        github.stubTypicalPullRequest(pr, """
                version: 1
                rules:
                  - name: CI must pass
                    require: { checks: [ci] }
                """);
        ArrayNode runs = Fixtures.JSON.createArrayNode();
        runs.addObject().put("name", "ci").put("status", "completed").put("conclusion", "success")
                .putObject("app").put("slug", "github-actions");
        // GitHub states two runs on the head commit but lists one: the other may be a failing re-run of ci.
        github.stubPages("/repos/" + FakeGitHub.REPO + "/commits/" + github.headSha() + "/check-runs", runs, "check_runs", 2);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(30)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("1 of 2 check runs and statuses on the head commit were read"), summary);
        assertTrue(summary.contains("A maintainer can override"), summary);
    }

    @Test
    void moreReviewsThanAreReadDoNotLetAnEarlyApprovalCount() throws Exception {
        ObjectNode pr = github.pullRequest("Codertocat", 21031067, "User");
        github.stubTypicalPullRequest(pr, """
                version: 1
                rules:
                  - name: Every change needs a reviewer
                    require: { approvals: 1 }
                """);
        JsonNode example = Fixtures.rest("pulls.list-reviews.200.default").get(0);
        ArrayNode reviews = Fixtures.JSON.createArrayNode();
        for (int i = 0; i < 1001; i++) {
            // hubot approves first; what the 1,001st review says is never read.
            ObjectNode review = example.deepCopy();
            review.put("id", 5000 + i).put("state", i == 0 ? "APPROVED" : "COMMENTED").put("commit_id", github.headSha())
                    .put("submitted_at", "2026-11-20T10:00:00Z");
            ((ObjectNode) review.get("user")).put("login", i == 0 ? "hubot" : "reader" + i).put("id", 9000 + i).put("type", "User");
            reviews.add(review);
        }
        github.stubPages("/repos/" + FakeGitHub.REPO + "/pulls/2/reviews", reviews, null, 0);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(30)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("nly the first 1,000 reviews were read"), summary);
    }

    @Test
    void aRequiredStatusPastTheFirstPageOfStatusesIsSeen() throws Exception {
        ObjectNode pr = github.pullRequest("Codertocat", 21031067, "User");
        github.stubTypicalPullRequest(pr, """
                version: 1
                rules:
                  - name: Jenkins must pass
                    require: { checks: [ci/jenkins] }
                """);
        ArrayNode statuses = Fixtures.JSON.createArrayNode();
        for (int i = 0; i < 150; i++) {
            statuses.addObject().put("context", i == 149 ? "ci/jenkins" : "lint/" + i).put("state", "success");
        }
        github.stubPages("/repos/" + FakeGitHub.REPO + "/commits/" + github.headSha() + "/status", statuses, "statuses", 150);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(30)).get(0);
        assertEquals("success", done.path("conclusion").asText(), done.toString());
        assertEquals(2, github.requests(r -> r.getUrl().contains("/status")).size(), "both pages of statuses were read");
    }
}
