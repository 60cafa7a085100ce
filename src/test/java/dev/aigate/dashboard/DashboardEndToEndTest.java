package dev.aigate.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle recorded from real deliveries and evaluations, and the dashboard served by the real server, behind a
 * stand-in for GitHub sign-in ({@link TestPageAccess}).
 */
@MicronautTest
class DashboardEndToEndTest extends EndToEndTestBase {

    @Inject
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.test.page-access", "cookie",
                "aigate.test.page-access.members", "alice:codertocat,alice:acme,solo:acme,multi:acme,multi:other");
    }

    @Test
    void anAgentPullRequestsLifeFromDeliveriesToTheDashboard() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant opened = now.minus(Duration.ofHours(3));
        ObjectNode pr = github.pullRequest("Copilot", COPILOT_ID, "Bot");
        pr.put("created_at", opened.toString());
        github.stubTypicalPullRequest(pr, POLICY);

        ObjectNode openedDelivery = Fixtures.webhook("pull_request", "opened.2").deepCopy();
        ((ObjectNode) openedDelivery.get("pull_request")).put("created_at", opened.toString());
        assertEquals(202, webhooks.send("pull_request", bytes(openedDelivery)).statusCode());
        assertEquals("failure", github.awaitCompletions(1, Duration.ofSeconds(20)).get(0).path("conclusion").asText());

        Instant approved = now.minus(Duration.ofHours(1));
        stubApproval(2, "hubot", approved);
        ObjectNode review = Fixtures.webhook("pull_request_review", "submitted.2").deepCopy();
        ((ObjectNode) review.get("review")).put("state", "approved").put("submitted_at", approved.toString());
        ((ObjectNode) review.get("pull_request")).put("created_at", opened.toString());
        assertEquals(202, webhooks.send("pull_request_review", bytes(review)).statusCode());
        assertEquals("success", github.awaitCompletions(2, Duration.ofSeconds(20)).get(1).path("conclusion").asText());

        Instant merged = now.minus(Duration.ofMinutes(30));
        ObjectNode closed = openedDelivery.deepCopy();
        closed.put("action", "closed");
        ((ObjectNode) closed.get("pull_request")).put("state", "closed").put("merged", true)
                .put("merged_at", merged.toString()).put("closed_at", merged.toString());
        HttpResponse<String> ack = webhooks.send("pull_request", bytes(closed));
        assertEquals(202, ack.statusCode(), "a closed pull request needs no evaluation: " + ack.body());
        // Recorded before the answer, so it is there now: no waiting.
        assertEquals(3L, count("SELECT COUNT(*) FROM aigate_pr_event WHERE repo = 'Codertocat/Hello-World'"),
                "opened, review and merged");

        String csv = get("/orgs/Codertocat?days=7&format=csv&table=review-wait", "alice").body();
        assertTrue(csv.contains("\r\nagent,1,2.0,2.0,1,2.5,2.5\r\n"), "3 h opened to merged, approved after 2 h: " + csv);
        String outcomes = get("/orgs/codertocat?format=csv&table=outcomes", "alice").body();
        assertTrue(outcomes.contains("\r\nagent,0,0,0,1,0,0,0\r\n"), "blocked, then passed once approved: " + outcomes);
        String blockers = get("/orgs/codertocat?format=csv&table=blocking-requirements", "alice").body();
        assertTrue(blockers.contains("Agent-written code needs a human reviewer,approvals,1"), blockers);

        HttpResponse<String> page = get("/orgs/codertocat?days=7", "alice");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-category=\"agent\" data-series=\"median\" data-value=\"2\""), page.body());
        String metrics = get("/prometheus", null).body();
        assertTrue(metrics.contains("aigate_review_wait_seconds_count{provenance=\"agent\"} 1"), metrics);
        assertTrue(metrics.contains("aigate_review_wait_seconds_bucket{provenance=\"agent\",le=\"3600.0\"} 0")
                && metrics.contains("aigate_review_wait_seconds_bucket{provenance=\"agent\",le=\"7200.0\"} 1"),
                "two hours waited: in the 1 h to 2 h bucket: " + metrics);
    }

    @Test
    void onlyAMemberSeesTheOrganisationAndEverythingFromPullRequestsIsEscaped() throws Exception {
        DashboardQueriesTest.seed(dataSource, Instant.now());
        HttpResponse<String> anonymous = get("/orgs/acme", null);
        assertEquals(303, anonymous.statusCode());
        assertEquals(TestPageAccess.SIGN_IN, anonymous.headers().firstValue("Location").orElseThrow());
        assertFalse(anonymous.body().contains("acme/app"), "no pull request data before sign-in");
        assertEquals(303, get("/orgs/acme?format=csv", null).statusCode(), "nor as CSV");
        HttpResponse<String> stranger = get("/orgs/acme", "bob");
        assertEquals(404, stranger.statusCode());
        assertFalse(stranger.body().contains("acme/app"));
        assertEquals(404, get("/orgs/acme?repo=acme/secret", "alice").statusCode(), "a repository ai-gate does not know");
        assertEquals(404, get("/orgs/%3Cscript%3E", "alice").statusCode());

        HttpResponse<String> page = get("/orgs/acme", "alice");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("=cmd|&#39; /C calc&#39;!A0 &lt;b&gt;hotfix&lt;/b&gt;"), "the override's reason, escaped");
        assertFalse(html.contains("<b>hotfix"));
        assertFalse(html.contains("<script"), "the page runs no script");
        assertTrue(html.contains("<a href=\"/pulls/acme/app/4\">acme/app#4</a>"), "the under-approved agent pull request");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));

        String overrides = get("/orgs/acme?format=csv&table=overrides", "alice").body();
        assertTrue(overrides.contains(",maint,\"'=cmd|' /C calc'!A0 <b>hotfix</b>\",abc1234\r\n"),
                "a reason that a spreadsheet would run is quoted and prefixed: " + overrides);
        String all = get("/orgs/acme?format=csv", "alice").body();
        assertTrue(all.startsWith("table,row,column,value\r\n"), all);
        assertTrue(all.contains("\r\nagent-merged-under-approved,1,pull request,acme/app#4\r\n"), all);

        HttpResponse<String> home = get("/", "solo");
        assertEquals(303, home.statusCode(), "one organisation: its dashboard");
        assertEquals("/orgs/acme", home.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> signIn = get("/", null);
        assertEquals(200, signIn.statusCode());
        assertTrue(signIn.body().contains("href=\"" + TestPageAccess.SIGN_IN + "\""), signIn.body());
        assertFalse(signIn.body().contains("/orgs/acme"), "an anonymous visitor is told no organisation's name");
        assertTrue(signIn.body().contains(APP_ID), "and the App's state as before");
        HttpResponse<String> none = get("/", "bob");
        assertEquals(200, none.statusCode());
        assertFalse(none.body().contains("/orgs/"), none.body());
    }

    private void stubApproval(int number, String login, Instant at) {
        ArrayNode out = Fixtures.JSON.createArrayNode();
        ObjectNode r = Fixtures.rest("pulls.list-reviews.200.default").get(0).deepCopy();
        r.put("id", 80).put("state", "APPROVED").put("commit_id", github.headSha()).put("submitted_at", at.toString());
        ((ObjectNode) r.get("user")).put("login", login).put("id", 9080).put("type", "User");
        out.add(r);
        github.stubGet("/repos/" + FakeGitHub.REPO + "/pulls/" + number + "/reviews", 200, "application/json", out.toString());
    }

    private static byte[] bytes(ObjectNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path, String viewer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path));
        if (viewer != null) {
            b.header("Cookie", TestPageAccess.COOKIE + "=" + viewer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql) throws Exception {
        try (var c = dataSource.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
