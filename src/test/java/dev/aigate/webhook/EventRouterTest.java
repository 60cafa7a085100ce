package dev.aigate.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.queue.WorkTarget;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which deliveries lead to which work, using GitHub's example payloads. */
class EventRouterTest {

    static final long OUR_APP = 2; // the app id in the check_run.rerequested examples

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
        "pull_request, opened.2, Codertocat/Hello-World#2",
        "pull_request, reopened.1, Codertocat/Hello-World#2",
        "pull_request, synchronize.1, Codertocat/Hello-World#2",
        "pull_request, edited.derived, Codertocat/Hello-World#2",
        "pull_request, ready_for_review.2, Codertocat/Hello-World#2",
        "pull_request, labeled.1, Codertocat/Hello-World#2",
        "pull_request, unlabeled.1, Codertocat/Hello-World#2",
        "pull_request, closed.1, -",
        "pull_request, assigned.1, -",
        "pull_request, locked.1, -",
        "pull_request_review, submitted.2, Codertocat/Hello-World#2",
        "pull_request_review, dismissed.1, Codertocat/Hello-World#2",
        "status, noaction.4, Codertocat/Hello-World@6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        "check_run, rerequested.1, github/hello-world@d6fde92930d4715a2b49857d24b940956b26d2d3",
        "check_suite, requested.1, -",
        "installation, created.1, Codertocat/Hello-World",
        "installation, deleted.1, -",
        "installation_repositories, added.1, Codertocat/Space",
        "installation_repositories, removed.1, -",
    })
    void routes(String event, String example, String expected) {
        ObjectNode payload = Fixtures.webhook(event, example);
        List<String> keys = new EventRouter(OUR_APP).route(event, payload, 1).targets().stream()
                .map(WorkTarget::key).toList();
        assertEquals("-".equals(expected) ? List.of() : List.of(expected), keys);
    }

    @ParameterizedTest(name = "push to {0} changing {1}")
    @CsvSource({
        "refs/heads/main, .github/ai-gate.yml, acme/app, acme/app",
        "refs/heads/feature, .github/ai-gate.yml, acme/app, -",
        "refs/heads/main, src/App.java, acme/app, -",
        "refs/heads/main, ai-gate.yml, acme/.github, *:1",
        "refs/heads/main, ai-gate.yml, acme/app, -",
    })
    void policyChangesOnTheDefaultBranchReevaluate(String ref, String path, String repo, String expected) {
        ObjectNode payload = Fixtures.JSON.createObjectNode();
        payload.put("ref", ref);
        payload.putObject("repository").put("full_name", repo).put("default_branch", "main");
        payload.putArray("commits").addObject().putArray("modified").add(path);
        List<String> keys = new EventRouter(OUR_APP).route("push", payload, 1).targets().stream()
                .map(WorkTarget::key).toList();
        assertEquals("-".equals(expected) ? List.of() : List.of(expected), keys);
    }

    @Test
    void anOrganisationPolicyChangeAsksForTheWholeInstallation() {
        ObjectNode payload = Fixtures.JSON.createObjectNode();
        payload.put("ref", "refs/heads/main");
        payload.putObject("repository").put("full_name", "acme/.github").put("default_branch", "main");
        payload.putArray("commits").addObject().putArray("modified").add("ai-gate.yml");
        assertEquals(List.of(WorkTarget.installation(5)), new EventRouter(OUR_APP).route("push", payload, 5).targets());
    }

    @ParameterizedTest(name = "check_run {0} from app {1}")
    @CsvSource({
        "completed.1, 29310, 0",     // our own run completing: no loop
        "completed.1, 7, 1",         // another app's check completed: may matter
        "rerequested.1, 2, 1",       // a re-run of our check
        "rerequested.1, 7, 0",       // a re-run of another app's check: ignored without error
        "requested_action.1, 25811, 1",
        "requested_action.1, 7, 0",
    })
    void checkRunEventsFollowOwnership(String example, long ourApp, int expectedTargets) {
        ObjectNode payload = Fixtures.webhook("check_run", example);
        assertEquals(expectedTargets, new EventRouter(ourApp).route("check_run", payload, 1).targets().size());
    }
}
