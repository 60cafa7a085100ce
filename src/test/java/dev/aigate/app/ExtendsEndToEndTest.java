package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code extends} through the real server: it reads only policy files of the same owner, never
 * leaves the contents path, and never copies the extended file's text into the check run
 * ({@link ExtendsRetryEndToEndTest}: a target GitHub failed to serve is retried). Any request the fake does not expect fails the test.
 */
@MicronautTest
class ExtendsEndToEndTest extends EndToEndTestBase {

    private static final String PR = "github/webhooks/pull_request/opened.2.json";

    private JsonNode gateWith(String localPolicy) throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), localPolicy);
        webhooks.send("pull_request", Fixtures.bytes(PR));
        return github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
    }

    /** Every check-run write (create and complete), as sent. */
    private String everythingWrittenToCheckRuns() {
        return String.join("\n", github.requests(r -> r.getUrl().contains("/check-runs")
                && !r.getMethod().getName().equals("GET")).stream().map(LoggedRequest::getBodyAsString).toList());
    }

    @Test
    void anotherOwnersRepositoryIsRefusedAndNeverRead() throws Exception {
        JsonNode done = gateWith("version: 1\nextends: org/private-infra:.github/secrets.yml\nrules: []\n");

        assertEquals("failure", done.path("conclusion").asText(), "a refused extends fails closed");
        assertTrue(everythingWrittenToCheckRuns().contains("may name only repositories of Codertocat"), done.toString());
        assertEquals(List.of(), github.requests(r -> r.getUrl().contains("private-infra")));
    }

    @Test
    void dotSegmentsAndEncodedDotsAreRefusedWithoutARequestOutsideTheContentsPath() throws Exception {
        JsonNode done = gateWith("version: 1\nextends: Codertocat/Hello-World:../../../../installation/repositories\nrules: []\n");
        assertEquals("failure", done.path("conclusion").asText());
        assertTrue(everythingWrittenToCheckRuns().contains(".github/ai-gate.yml:2:10"), done.toString());

        github.reset();
        done = gateWith("version: 1\nextends: Codertocat/.github:%2e%2e/%2e%2e/%2e%2e/installation/repositories.yml\nrules: []\n");
        assertEquals("failure", done.path("conclusion").asText());
        assertTrue(everythingWrittenToCheckRuns().contains("must not contain '%'"), done.toString());

        List<String> outside = github.apiRequests().stream().map(LoggedRequest::getUrl)
                .filter(u -> u.contains("installation/repositories") || u.contains("..") || u.toLowerCase().contains("%2e"))
                .toList();
        assertEquals(List.of(), outside);
    }

    @Test
    void theCheckRunShowsWhereTheExtendedFileIsWrongButNoneOfItsValues() throws Exception {
        github.stubGet("/repos/Codertocat/.github/contents/policies/infra.yml", 200, "application/vnd.github.raw+json", """
                version: 1
                DATABASE_URL: postgres://admin:S3cretPassw0rd@db.internal/prod
                provenance: "postgres://admin:S3cretPassw0rd@db.internal/prod"
                rules:
                  - name: deploy
                    require: { approvals: "AKIAS3CRETKEY0000000" }
                """);

        JsonNode done = gateWith("version: 1\nextends: Codertocat/.github:policies/infra.yml\n");

        assertEquals("failure", done.path("conclusion").asText());
        String written = everythingWrittenToCheckRuns();
        assertTrue(written.contains("Codertocat/.github:policies/infra.yml:2:1"), written);
        assertTrue(written.contains("unknown key"), written);
        for (String secret : List.of("S3cret", "postgres", "admin:", "DATABASE_URL", "db.internal", "AKIA")) {
            assertFalse(written.contains(secret), secret + " reached the check run: " + written);
        }
    }
}
