package dev.aigate.checks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownTest {

    @Test
    void utf8LengthMatchesTheEncoder() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                b.appendCodePoint(switch (random.nextInt(4)) {
                    case 0 -> 'a' + random.nextInt(26);
                    case 1 -> 0x400 + random.nextInt(0x100);
                    case 2 -> 0x4E00 + random.nextInt(0x1000);
                    default -> 0x1F300 + random.nextInt(0x200);
                });
            }
            String s = b.toString();
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s));
            for (int max = 0; max < 60; max += 7) {
                String p = Utf8.prefix(s, max);
                assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= max);
                assertTrue(s.startsWith(p));
                assertFalse(!p.isEmpty() && Character.isHighSurrogate(p.charAt(p.length() - 1)), "split pair");
            }
        }
    }

    @Test
    void textIsOneSafeLine() {
        assertEquals("a \\| b \\*c\\* &lt;img&gt; \\[l\\](u) \\`x\\` <span>@</span>y", Markdown.text("a | b\n*c* <img>  [l](u) `x` @y"));
        assertEquals("abcd…", Markdown.text("abcdefgh", 5));
        assertEquals("", Markdown.text(null));
    }

    @Test
    void flattenCollapsesWhitespaceAndKeepsFlatStrings() {
        String flat = "already one line";
        assertTrue(flat == Markdown.flatten(flat), "no copy when nothing changes");
        assertEquals("a b c", Markdown.flatten("  a \t b\r\n\n c "));
        assertEquals("a b", Markdown.flatten("a  b"));
        assertEquals("", Markdown.flatten(""));
    }

    @Test
    void sentencesBecomePhrasesForTitles() {
        assertEquals("Needs 1 more approval", Markdown.phrase("Needs 1 more approval. "));
        assertEquals("Add tests", Markdown.phrase("Add tests"));
        assertEquals("", Markdown.phrase(null));
    }

    @Test
    void codeSpansCannotBeClosedEarly() {
        assertEquals("`aˋb \\| c`", Markdown.code("a`b | c", 50));
    }

    @Test
    void shortenNeverSplitsAnEmoji() {
        String s = "ab😀😀😀";
        String cut = Markdown.shorten(s, 4);
        assertEquals("ab…", cut);
    }

    @Test
    void loginsBecomeMentionsAndOtherTextIsEscaped() {
        assertEquals("@octo-cat", Markdown.who("octo-cat"));
        assertEquals("@claude[bot]", Markdown.who("claude[bot]"));
        assertEquals("@acme/backend", Markdown.who("@acme/backend"));
        assertEquals("two words \\*x\\*", Markdown.who("two words *x*"));
    }

    @Test
    void budgetCutsWholePiecesAndNamesThem() {
        MarkdownBudget md = new MarkdownBudget(MarkdownBudget.RESERVE + 100);
        assertTrue(md.append("x".repeat(60)));
        assertFalse(md.append("y".repeat(60)));
        md.omit("the y section");
        assertFalse(md.append("z"), "nothing after the first piece that did not fit");
        md.close("</details>");
        String out = md.finish("See the details page.");
        assertTrue(out.startsWith("x".repeat(60) + "</details>"), out);
        assertFalse(out.contains("yy"));
        assertTrue(out.contains(CheckRunText.TRUNCATION_NOTICE + "** to stay within GitHub's limit of 65,535 bytes. "
                + "Left out: the y section. See the details page."), out);
        assertTrue(Utf8.length(out) <= MarkdownBudget.RESERVE + 100);
    }

    @Test
    void contentRejectsWhatGitHubWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> new CheckRunContent("ai-gate", "success", "two\nlines", "",
                null, java.util.List.of(), java.util.List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new CheckRunContent("ai-gate", "success", "t",
                "é".repeat(40_000), null, java.util.List.of(), java.util.List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new CheckRunContent.Action("a label that is too long", "d", "i"));
        assertThrows(IllegalArgumentException.class, () -> new CheckRunContent.Annotation("p", 0, 0,
                CheckRunContent.Level.NOTICE, "t", "m"));
        assertEquals("failure", CheckRunContent.Level.FAILURE.apiValue());
    }

    @Test
    void titlesFitOnOneLine() {
        assertEquals("a · b", CheckRunRenderer.fitTitle(java.util.List.of("a", "", "b")));
        String longPart = "x".repeat(200);
        String t = CheckRunRenderer.fitTitle(java.util.List.of(longPart, "second"));
        assertTrue(t.length() <= CheckRunContent.MAX_TITLE_CHARS, t);
        assertTrue(t.endsWith("… · +1 more"), t);
        assertEquals("one two", CheckRunRenderer.fitTitle(java.util.List.of("one\ntwo")));
        // A long step is cut after a word, never inside one, and the steps left out are counted.
        String step = "Needs 1 more approval from alice, bob, carol or someone with maintain permission, by someone "
                + "other than the author, committers, co-authors, given on the current head 3f2a9c1";
        String cut = CheckRunRenderer.fitTitle(java.util.List.of(step, "tests missing for src/main"));
        assertTrue(cut.length() <= CheckRunContent.MAX_TITLE_CHARS, cut);
        assertTrue(cut.endsWith("… · +1 more"), cut);
        String kept = cut.substring(0, cut.indexOf('…'));
        assertTrue(step.startsWith(kept) && !Character.isLetterOrDigit(step.charAt(kept.length())), "cut at a word: " + cut);
        assertEquals("Needs 1 more approval…", Markdown.shortenAtWord("Needs 1 more approval, by someone", 23));
    }
}
