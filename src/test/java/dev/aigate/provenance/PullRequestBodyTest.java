package dev.aigate.provenance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PullRequestBodyTest {

    @Test
    void commentsGoButLinesStay() {
        PullRequestBody b = new PullRequestBody("one\r\n<!-- Copilot\r\nChatGPT -->two\r\nthree");
        assertFalse(b.visible().contains("Copilot"));
        assertFalse(b.visible().contains("ChatGPT"));
        assertEquals(b.raw().split("\n", -1).length, b.visible().split("\n", -1).length);
        int at = b.visible().indexOf("three");
        assertEquals(4, PullRequestBody.lineOf(b.visible(), at));
        assertTrue(b.raw().contains("<!-- Copilot"), "raw keeps comments for tools that mark inside them");
    }

    @Test
    void unterminatedCommentRunsToTheEnd() {
        assertEquals("before \n", new PullRequestBody("before <!-- Copilot\nClaude Code").visible());
    }

    @Test
    void untickedBoxesAndPlaceholdersGo() {
        PullRequestBody b = new PullRequestBody("""
                - [ ] I used Copilot
                - [x] I used Claude Code
                Tools (e.g. Copilot, ChatGPT): Cursor IDE
                Which tool? e.g. Copilot, ChatGPT or Gemini CLI
                """);
        String v = b.visible();
        assertFalse(v.contains("I used Copilot"));
        assertTrue(v.contains("- [x] I used Claude Code"));
        assertTrue(v.contains("Tools : Cursor IDE") || v.contains("Tools: Cursor IDE"), v);
        assertFalse(v.contains("ChatGPT"), v);
    }

    @Test
    void lineAtGivesTheWholeLine() {
        String text = "a\nhello world\nz";
        assertEquals("hello world", PullRequestBody.lineAt(text, text.indexOf("world")));
        assertEquals("a", PullRequestBody.lineAt(text, 0));
    }
}
