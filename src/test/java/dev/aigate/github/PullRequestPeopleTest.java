package dev.aigate.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.PullRequestSnapshot.People;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The people a real pull request payload names besides its author. */
class PullRequestPeopleTest {

    private static ObjectNode fixture() throws IOException {
        try (InputStream in = PullRequestPeopleTest.class.getResourceAsStream("/github/rest-api/pulls.get.200.default.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    @Test
    void assigneesAndRequestedReviewersFromTheRestPayload() throws IOException {
        People p = PullRequestPeople.from(fixture());
        assertEquals(java.util.List.of("octocat", "hubot"), p.assignees().stream().map(Actor::login).toList());
        assertEquals(java.util.List.of("other_user"), p.requestedReviewers().stream().map(Actor::login).toList());
        assertNull(p.viaApp(), "the pulls endpoint does not carry performed_via_github_app");
    }

    @Test
    void theAppThatCreatedItIsItsBotLoginWithoutTheAppId() throws IOException {
        ObjectNode pr = fixture();
        pr.putObject("performed_via_github_app").put("id", 1234567).put("slug", "chatgpt-codex-connector")
                .put("name", "ChatGPT Codex Connector");
        Actor app = PullRequestPeople.from(pr).viaApp();
        assertEquals(new Actor("chatgpt-codex-connector[bot]", 0, "Bot"), app);
    }

    @Test
    void hostileShapesAreIgnored() throws IOException {
        ObjectNode pr = fixture();
        pr.put("performed_via_github_app", "not an object");
        pr.put("assignees", 7);
        People p = PullRequestPeople.from(pr);
        assertNull(p.viaApp());
        assertEquals(0, p.assignees().size());
    }
}
