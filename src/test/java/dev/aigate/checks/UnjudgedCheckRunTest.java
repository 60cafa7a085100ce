package dev.aigate.checks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnjudgedCheckRunTest {

    @Test
    void failsClosedWithTheReasonEscapedAndTheFixAsYaml() {
        CheckRunContent c = UnjudgedCheckRun.render("GitHub said <img src=x> **bold** | cell", "Add `contents: read`.",
                "permissions:\n  contents: read", "https://github.com/o/r/actions/runs/1");
        assertEquals("failure", c.conclusion());
        assertEquals(UnjudgedCheckRun.TITLE, c.title());
        assertEquals(CheckRunText.CHECK_NAME, c.name());
        assertFalse(c.summary().contains("<img"), c.summary());
        assertTrue(c.summary().contains("\\*\\*bold\\*\\* \\| cell"), c.summary());
        assertTrue(c.summary().contains("Add `contents: read`."), "our own advice keeps its code spans");
        assertTrue(c.summary().contains("```yaml\npermissions:\n  contents: read\n```"), c.summary());
        assertEquals("https://github.com/o/r/actions/runs/1", c.detailsUrl());
        assertTrue(c.actions().isEmpty());
    }

    @Test
    void aParkedEvaluationSaysHowItRunsAgainInTheApp() {
        CheckRunContent c = UnjudgedCheckRun.parked("evaluating o/r#1: GitHub answered 500 <b>", 5, "https://gate.example/pulls/o/r/1");
        assertEquals("failure", c.conclusion());
        assertEquals(UnjudgedCheckRun.TITLE, c.title());
        assertFalse(c.summary().contains("<b>"), c.summary());
        assertTrue(c.summary().contains("failed 5 times") && c.summary().contains("`ai-gate.jar parked --retry`"), c.summary());
        assertFalse(c.summary().contains("workflow"), "no workflow in App mode: " + c.summary());
        assertEquals("https://gate.example/pulls/o/r/1", c.detailsUrl());
    }
}
