package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.CreatingApp;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.TriggeringRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.aigate.checks.RenderFixtures.COPILOT;
import static dev.aigate.checks.RenderFixtures.HEAD_SHA;
import static dev.aigate.checks.RenderFixtures.POLICY_PATH;
import static dev.aigate.checks.RenderFixtures.key;
import static dev.aigate.checks.RenderFixtures.pr;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check run names who started an agent and says where the description and the commits disagree. */
class ProvenanceFactsRenderingTest {

    private final CheckRunRenderer renderer = new CheckRunRenderer("https://gate.example.com/");

    private static CommitInfo commit(String message, Actor account) {
        GitIdentity id = new GitIdentity("someone", "someone@example.com");
        return new CommitInfo("c".repeat(40), message, id, id, account, account, true);
    }

    @Test
    void theInitiatorOfAnAgentPullRequestIsShownAndNotCounted() {
        PullRequestResult r = pr().author(COPILOT)
                .commits(List.of(commit("Fix\n\nCo-authored-by: carol <12345+carol@users.noreply.github.com>", COPILOT)), false)
                .approvedBy("carol").result();
        CheckRunContent c = renderer.render(r);
        assertTrue(c.summary().contains("* **Started by:** `carol` — human co-author of the agent's commits (`commit cccccc"),
                c.summary());
        assertTrue(c.summary().contains("their approval does not count for this agent pull request"), c.summary());
        assertTrue(c.title().contains("and not by carol, who started the agent"), c.title());
        assertTrue(c.text() == null || !c.text().contains("Declared vs detected"), "an agent needs no disclosure");
    }

    @Test
    void toolWrittenCommitsThatTheDescriptionDeniesAreShown() {
        RenderFixtures.Pr p = pr().commits(List.of(commit("Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>", Actor.UNKNOWN)), false);
        p.body = "- [x] This contribution was NOT assisted by AI.\n";
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, p.evaluate(), POLICY_PATH));
        assertTrue(c.summary().contains("* **Declared vs detected:** the commits carry a tool-written marker (email.claude at commit"),
                c.summary());
        assertTrue(c.summary().contains("the description says no AI was used (pr.body line 1)"), c.summary());
        assertFalse(c.summary().contains("**Started by:**"), "an assisted pull request has no initiator");
    }

    @Test
    void agreementShowsNothingExtra() {
        Evaluation e = pr().evaluate();
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, e, POLICY_PATH));
        assertFalse(c.summary().contains("Declared vs detected"), c.summary());
        assertFalse(c.summary().contains("Started by"), c.summary());
    }

    @Test
    void whatGitHubDidNotAnswerIsSaid() {
        PullRequestSnapshot s = pr().author(COPILOT).snapshot();
        s = s.withPeople(s.people().withCreatingApp(CreatingApp.unavailable(404))
                .withTriggeringRun(new TriggeringRun(77, 3, TriggeringRun.State.UNAVAILABLE, null, null, 410)));
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, RenderFixtures.evaluate(s), POLICY_PATH));
        assertTrue(c.summary().contains("* **Not available:** which App created this pull request"
                + " (`GET /repos/acme/app/issues/42` answered HTTP 404); classified without it"), c.summary());
        assertTrue(c.summary().contains("* **Not available:** who triggered the agent's workflow run"
                + " (`GET /repos/acme/app/actions/runs/77` answered HTTP 410)"), c.summary());
    }

    @Test
    void anIgnoredOrganisationCatalogueIsSaidWithItsError() {
        PullRequestSnapshot s = pr().snapshot().withOrgSignals(Optional.of(new PolicyFile(PolicyFile.Origin.ORGANIZATION,
                "acme/.github:ai-gate-signals.yml", "ai-gate-signals.yml", "catalogue_name: acme\nbots: 3\n")));
        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, RenderFixtures.evaluate(s), POLICY_PATH));
        assertTrue(c.summary().contains("* **Organisation signal catalogue ignored:** `acme/.github:ai-gate-signals.yml` is invalid"
                + " (acme/.github:ai-gate-signals.yml:1:1: catalogue\\_version: required"), c.summary());
        assertTrue(c.summary().contains("classified with the built-in catalogue only"), c.summary());
    }
}
