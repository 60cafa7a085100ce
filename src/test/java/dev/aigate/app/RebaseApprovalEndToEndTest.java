package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code invalidate_on: diff_change} end to end: an approval given before a rebase still counts when the
 * pull request's own changes are the same at the new head, and is dropped, with the file named, when a
 * line changed. GitHub's three-dot comparison supplies the changes at the approved head.
 */
@MicronautTest
class RebaseApprovalEndToEndTest extends EndToEndTestBase {

    static final String POLICY = """
            version: 1
            rules:
              - name: Agent-written code needs a human reviewer
                if: { provenance: [agent, assisted] }
                require: { approvals: { count: 1, invalidate_on: diff_change } }
            """;
    /** Comparisons of two commits are cached for good, so each test approves a head of its own. */
    private static final java.util.concurrent.atomic.AtomicInteger HEADS = new java.util.concurrent.atomic.AtomicInteger();
    private String approvedHead;
    static final String FILE = "src/main/java/App.java";

    /** The change as GitHub listed it at the approved head. */
    static final String PATCH_THEN = "@@ -3,6 +3,6 @@ public class App {\n     public static void main(String[] args) {\n"
            + "-        System.out.println(\"Hello\");\n+        System.out.println(\"Hello, world\");\n     }\n }";
    /** The same change after a rebase onto a base that added eight lines above it. */
    static final String PATCH_REBASED = "@@ -11,6 +11,6 @@ public class App {\n     public static void main(String[] args) {\n"
            + "-        System.out.println(\"Hello\");\n+        System.out.println(\"Hello, world\");\n     }\n }";
    /** After a force-push that changed the added line. */
    static final String PATCH_CHANGED = "@@ -11,6 +11,6 @@ public class App {\n     public static void main(String[] args) {\n"
            + "-        System.out.println(\"Hello\");\n+        System.out.println(\"Hello, world!\");\n     }\n }";

    @Test
    void anApprovalBeforeARebaseWithTheSameChangesStillCounts() throws Exception {
        String base = rebasedPullRequest(PATCH_REBASED);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("success", done.path("conclusion").asText(), done.toString());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("Kept across pushes: @hubot (approved `1111222`; the pull request's own changes are the same at `"
                + github.headSha().substring(0, 7) + "`)"), summary);
        assertEquals(1, github.requests(r -> r.getUrl().startsWith(comparePath(base))).size(), "one comparison for the approved head");

        // Evaluated again (a review event): the comparison of the same two commits is not read again.
        webhooks.send("pull_request_review", Fixtures.bytes("github/webhooks/pull_request_review/submitted.2.json"));
        github.awaitEvaluations(2, 2, Duration.ofSeconds(20));
        awaitQueueEmpty();
        assertEquals(2, github.requests(r -> r.getUrl().startsWith("/repos/" + FakeGitHub.REPO + "/pulls/2/reviews")).size(),
                "the second evaluation read the reviews, and so found the approval on the older head again");
        assertEquals(1, github.requests(r -> r.getUrl().startsWith(comparePath(base))).size(), "the comparison is cached");
    }

    @Test
    void anApprovalBeforeAOneLineChangeIsDroppedAndTheCheckSaysWhy() throws Exception {
        rebasedPullRequest(PATCH_CHANGED);

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("Not counted: @hubot (approved commit 1111222, and the pull request's own changes differ since:"
                + " changed src/main/java/App.java (head is " + github.headSha().substring(0, 7) + "))"), summary);
        assertFalse(summary.contains("Kept across pushes"), summary);
    }

    @Test
    void aComparisonCappedAtThreeHundredFilesDropsTheApprovalAndSaysSo() throws Exception {
        String base = rebasedPullRequest(PATCH_REBASED);
        ObjectNode compare = Fixtures.JSON.createObjectNode().put("status", "ahead");
        ArrayNode many = compare.putArray("files");
        for (int i = 0; i < 300; i++) {
            many.addObject().put("filename", "gen/f" + i + ".txt").put("status", "added").put("changes", 1).put("patch", "@@ -0,0 +1 @@\n+x");
        }
        github.stubGet(comparePath(base), 200, "application/json", compare.toString());

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("ai-gate cannot tell whether the changes are the same since: GitHub lists at most 300 files"
                + " of a comparison; the approval is dropped"), summary);
    }

    @Test
    void withoutDiffChangeNothingIsCompared() throws Exception {
        String base = rebasedPullRequest(PATCH_REBASED);
        github.stubRepoPolicy(POLICY.replace("diff_change", "push"));

        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));

        JsonNode done = github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
        assertEquals("failure", done.path("conclusion").asText(), done.toString());
        assertEquals(0, github.requests(r -> r.getUrl().startsWith(comparePath(base))).size());
    }

    /** An agent's pull request whose only review approved an earlier head; the current head lists {@code patchNow}. */
    private String rebasedPullRequest(String patchNow) {
        approvedHead = String.format("1111222%033x", HEADS.incrementAndGet());
        ObjectNode pr = github.pullRequest("Copilot", COPILOT_ID, "Bot");
        github.stubTypicalPullRequest(pr, POLICY);
        String base = pr.path("base").path("sha").asText();
        github.stubGet("/repos/" + FakeGitHub.REPO + "/pulls/2/files", 200, "application/json", files(patchNow).toString());
        ObjectNode review = (ObjectNode) Fixtures.rest("pulls.list-reviews.200.default").get(0).deepCopy();
        review.put("id", 80).put("state", "APPROVED").put("commit_id", approvedHead).put("submitted_at", "2026-11-20T10:00:00Z");
        ((ObjectNode) review.get("user")).put("login", "hubot").put("id", 9080).put("type", "User");
        github.stubGet("/repos/" + FakeGitHub.REPO + "/pulls/2/reviews", 200, "application/json",
                Fixtures.JSON.createArrayNode().add(review).toString());
        ObjectNode compare = Fixtures.JSON.createObjectNode().put("status", "ahead").put("ahead_by", 1).put("behind_by", 0);
        compare.putArray("commits");
        compare.set("files", files(PATCH_THEN));
        github.stubGet(comparePath(base), 200, "application/json", compare.toString());
        return base;
    }

    private String comparePath(String base) {
        return "/repos/" + FakeGitHub.REPO + "/compare/" + base + "..." + approvedHead;
    }

    private static ArrayNode files(String patch) {
        ArrayNode files = Fixtures.JSON.createArrayNode();
        files.addObject().put("sha", "bbcd538c8e72b8c175046e27cc8f907076331401").put("filename", FILE)
                .put("status", "modified").put("additions", 1).put("deletions", 1).put("changes", 2).put("patch", patch);
        return files;
    }
}
