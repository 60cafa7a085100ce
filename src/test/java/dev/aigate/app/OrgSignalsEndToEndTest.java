package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.testing.EndToEndTestBase;
import dev.aigate.testing.Fixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The organisation's {@code ai-gate-signals.yml}, end to end: read from its {@code .github}
 * repository, merged and named in the check run; when broken, ignored and said so.
 */
@MicronautTest
class OrgSignalsEndToEndTest extends EndToEndTestBase {

    private static final String ORG_SIGNALS = "/repos/Codertocat/.github/contents/ai-gate-signals.yml";

    private JsonNode gate(String body) throws Exception {
        ObjectNode pr = github.pullRequest("alice", 1001, "User");
        pr.put("body", body);
        github.stubTypicalPullRequest(pr, POLICY);
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        return github.awaitCompletions(1, Duration.ofSeconds(20)).get(0);
    }

    @Test
    void theOrganisationsSignalsClassifyAndAreNamed() throws Exception {
        github.stubGet(ORG_SIGNALS, 200, "application/vnd.github.raw+json", """
                catalogue_name: codertocat
                catalogue_version: "7"
                markers:
                  - { id: body.octo-agent-footer, tier: T1, tool: octo-agent, scope: body, literal: "Opened by Octo Agent", source: "in-house" }
                """);
        JsonNode done = gate("Fixes the greeting.\n\nOpened by Octo Agent");
        String summary = done.path("output").path("summary").asText();
        assertTrue(summary.contains("**Provenance:** **assisted**"), summary);
        assertTrue(summary.contains(" + codertocat 7`"), summary);
    }

    @Test
    void aBrokenOrganisationCatalogueIsIgnoredAndTheCheckRunSaysWhy() throws Exception {
        github.stubGet(ORG_SIGNALS, 200, "application/vnd.github.raw+json", """
                catalogue_name: codertocat
                catalogue_version: "7"
                markers:
                  - { id: body.octo-agent-footer, tier: T1, scope: body, literal: "Opened by Octo Agent", source: "in-house", colour: red }
                """);
        JsonNode done = gate("Fixes the greeting.\n\nOpened by Octo Agent");
        String summary = done.path("output").path("summary").asText();
        assertEquals("success", done.path("conclusion").asText(), "a human PR under the built-in catalogue: " + summary);
        assertTrue(summary.contains("**Organisation signal catalogue ignored:** `Codertocat/.github:ai-gate-signals.yml` is invalid"
                + " (Codertocat/.github:ai-gate-signals.yml:4:5: markers"), summary);
        assertTrue(summary.contains("unknown key 'colour'"), summary);
    }
}
