package dev.aigate.action;

import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pull requests GitHub's example payloads name, per trigger. */
class ActionEventTest {

    @Test
    void pullRequestEventsNameTheirPullRequestAndHead() {
        for (String event : List.of("pull_request", "pull_request_target")) {
            ActionEvent e = ActionEvent.read(event, Fixtures.webhook("pull_request", "opened.2"));
            assertEquals(List.of(2), e.targets());
            assertNull(e.skipped());
            assertEquals(FakeGitHub.REPO, e.repository());
            assertEquals(FakeGitHub.EXAMPLE_HEAD_SHA, e.payloadHead());
        }
        assertEquals(List.of(2), ActionEvent.read("pull_request_review", Fixtures.webhook("pull_request_review", "dismissed.1")).targets());
    }

    @Test
    void completionsNameTheirPullRequestsAndOtherActionsNothing() {
        ActionEvent suite = ActionEvent.read("check_suite", Fixtures.webhook("check_suite", "completed.4"));
        assertEquals(List.of(2), suite.targets());
        assertEquals(FakeGitHub.EXAMPLE_HEAD_SHA, suite.payloadHead());

        ActionEvent forkSuite = ActionEvent.read("check_suite", Fixtures.webhook("check_suite", "completed.2"));
        assertEquals(List.of(), forkSuite.targets());
        assertTrue(forkSuite.skipped().contains("carries no pull request"), forkSuite.skipped());

        ActionEvent dispatched = ActionEvent.read("workflow_run", Fixtures.webhook("workflow_run", "completed.1"));
        assertEquals(List.of(), dispatched.targets());

        ActionEvent requested = ActionEvent.read("check_suite", Fixtures.webhook("check_suite", "requested.1"));
        assertEquals("check_suite requested is not a completion; nothing to do", requested.skipped());
        ActionEvent labeled = ActionEvent.read("pull_request", Fixtures.webhook("pull_request", "assigned.1"));
        assertEquals("pull_request assigned does not change the gate; nothing to do", labeled.skipped());
    }

    @Test
    void aPayloadWithoutARepositoryOrNumberNamesNothing() {
        var noRepo = Fixtures.webhook("pull_request", "opened.2");
        noRepo.remove("repository");
        assertTrue(ActionEvent.read("pull_request", noRepo).skipped().contains("names no repository"));
        var noNumber = Fixtures.webhook("pull_request", "opened.2");
        noNumber.remove("pull_request");
        noNumber.remove("number");
        assertTrue(ActionEvent.read("pull_request", noNumber).skipped().contains("names no pull request number"));
    }
}
