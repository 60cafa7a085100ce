package dev.aigate.policy;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.PullRequestSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.aigate.policy.PolicyTesting.evaluate;
import static dev.aigate.policy.PolicyTesting.requirement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The person who started an agent never approves its pull request alone: their approval is not
 * counted for {@code agent} pull requests, by default, for every agent (GitHub does the same for
 * the Copilot agent's requester only).
 */
class InitiatorApprovalsTest {

    private static final String ONE_APPROVAL = "version: 1\nrules:\n  - name: r\n    require: { approvals: 1 }\n";

    private static RequirementResult approvals(Prs pr, String yaml) {
        return requirement(evaluate(yaml, pr), "approvals");
    }

    private static void assertInitiatorNotCounted(Prs pr, String initiator, String how) {
        assertInitiatorNotCounted(pr, initiator, how, ONE_APPROVAL);
    }

    private static void assertInitiatorNotCounted(Prs pr, String initiator, String how, String yaml) {
        RequirementResult r = approvals(pr.approve(initiator), yaml);
        assertEquals(Status.PENDING, r.status(), r.toString());
        assertEquals(List.of(), r.counted());
        assertEquals(initiator, r.excluded().get(0).who());
        RequirementResult.Exclusion.Why why = r.excluded().get(0).why();
        assertTrue(why instanceof RequirementResult.Exclusion.Initiator i && i.how().startsWith(how), r.excluded().toString());
        RequirementResult other = approvals(pr.approve("zoe"), yaml);
        assertEquals(Status.SATISFIED, other.status(), "someone else's approval counts");
        assertEquals(List.of("zoe"), other.counted());
    }

    @Test
    void copilotAgentRequesterFromTheCommitCoAuthor() {
        Prs pr = new Prs().file("a");
        pr.author = new Actor("Copilot", 198982749, "Bot");
        pr.commit("c0ffee1", new Actor("Copilot", 198982749, "Bot"),
                "Fix\n\nCo-authored-by: carol <12345+carol@users.noreply.github.com>");
        assertInitiatorNotCounted(pr, "carol", "human co-author of the agent's commits");
    }

    @Test
    void copilotAgentRequesterFromTheAssignees() {
        Prs pr = new Prs().file("a");
        pr.author = new Actor("copilot-swe-agent[bot]", 198982749, "Bot");
        pr.people = new PullRequestSnapshot.People(null, List.of(new Actor("Copilot", 198982749, "Bot"), Prs.user("bob")), List.of());
        assertInitiatorNotCounted(pr, "bob", "assignee of the agent's pull request");
    }

    @Test
    void claudeOnAgentHqRequesterFromTheAssignees() {
        Prs pr = new Prs().file("a");
        pr.author = new Actor("anthropic-code-agent[bot]", 0, "Bot");
        pr.people = new PullRequestSnapshot.People(null, List.of(Prs.user("carol")), List.of());
        assertInitiatorNotCounted(pr, "carol", "assignee");
    }

    @Test
    void codexOnAgentHqRequesterFromTheRequestedReviewers() {
        Prs pr = new Prs().file("a");
        pr.author = new Actor("openai-code-agent[bot]", 0, "Bot");
        pr.people = new PullRequestSnapshot.People(null, List.of(), List.of(Prs.user("dave")));
        assertInitiatorNotCounted(pr, "dave", "asked by the agent for a review");
    }

    @Test
    void openHandsRequesterNamedInTheBody() {
        Prs pr = new Prs().file("a");
        pr.author = new Actor("openhands-agent", 0, "User");
        pr.body = "Docs.\n\n@neubig can click here to [continue refining the PR](https://app.all-hands.dev/conversations/0239)\n";
        assertInitiatorNotCounted(pr, "neubig", "named by the agent");
    }

    @Test
    void claudeCodeActionTriggeringUserFromTheCoAuthor() {
        Prs pr = new Prs().file("a");
        pr.author = new Actor("claude[bot]", 209825114, "Bot");
        pr.commit("beef001", new Actor("claude[bot]", 209825114, "Bot"),
                "Add retries\n\nCo-authored-by: erin <1005+erin@users.noreply.github.com>");
        assertInitiatorNotCounted(pr, "erin", "human co-author");
    }

    @Test
    void codexCloudThroughTheConnectorAppExcludesTheAuthor() {
        Prs pr = new Prs().file("a");
        pr.author = Prs.user("frank");
        pr.people = new PullRequestSnapshot.People(new Actor("chatgpt-codex-connector[bot]", 0, "Bot"), List.of(), List.of());
        // The default excludes the author anyway; without that, the initiator rule still does.
        assertInitiatorNotCounted(pr, "frank", "opened the pull request through chatgpt-codex-connector[bot]",
                "version: 1\nrules:\n  - name: r\n    require: { approvals: { count: 1, exclude: [bots] } }\n");
    }

    @Test
    void anAssistedPullRequestHasNoInitiatorToExclude() {
        Prs pr = new Prs().file("a");
        pr.people = new PullRequestSnapshot.People(null, List.of(Prs.user("bob")), List.of());
        pr.commit("c0ffee2", Prs.user("alice"), "Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>");
        RequirementResult r = approvals(pr.approve("bob"),
                "version: 1\nrules:\n  - name: r\n    require: { approvals: { count: 1, exclude: [initiator] } }\n");
        assertEquals(Status.SATISFIED, r.status(), "an assignee of a human's pull request is not an initiator");
    }

    @Test
    void theExplicitExclusionIsNamedInHowToSatisfy() {
        Prs pr = new Prs().file("a");
        pr.author = new Actor("anthropic-code-agent[bot]", 0, "Bot");
        pr.people = new PullRequestSnapshot.People(null, List.of(Prs.user("carol")), List.of());
        RequirementResult r = approvals(pr.approve("carol"),
                "version: 1\nrules:\n  - name: r\n    require: { approvals: { count: 1, exclude: [author, initiator] } }\n");
        assertEquals(Status.PENDING, r.status());
        assertEquals(List.of(Requirement.Exclude.AUTHOR, Requirement.Exclude.INITIATOR),
                ((RequirementFacts.Approvals) r.facts()).exclude());
    }
}
