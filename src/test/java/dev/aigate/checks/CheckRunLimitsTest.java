package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.snapshot.ChangedFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.aigate.checks.RenderFixtures.COPILOT;
import static dev.aigate.checks.RenderFixtures.HEAD_SHA;
import static dev.aigate.checks.RenderFixtures.POLICY_PATH;
import static dev.aigate.checks.RenderFixtures.key;
import static dev.aigate.checks.RenderFixtures.pr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GitHub rejects output over 65,535 bytes: the biggest pull requests GitHub lists must still render. */
class CheckRunLimitsTest {

    private static final int LIMIT = CheckRunContent.MAX_OUTPUT_BYTES;
    private final CheckRunRenderer renderer = new CheckRunRenderer("https://gate.example.com");

    /** 3,000 files (GitHub's listing cap) and 250 commits (its commit cap), every commit with an AI trailer. */
    private static RenderFixtures.Pr biggest(String policy) {
        List<ChangedFile> files = RenderFixtures.sourceFiles(3_000);
        return pr().author(COPILOT).policy(policy).files(files, 3_412).commits(RenderFixtures.trailerCommits(250), true);
    }

    @Test
    void threeThousandFilesAndTwoHundredFiftyCommitsStayWithinTheLimit() {
        Evaluation real = biggest(RenderFixtures.AGENT_NEEDS_ONE).evaluate();
        int signals = real.provenance().evidence().size();
        // The classifier lists at most 20 rows per signal and counts the rest in a note.
        assertTrue(signals > 20, "the author signal plus capped trailer rows: " + signals);
        assertTrue(real.provenance().notes().stream().anyMatch(n -> n.contains("230")),
                "the hidden trailer matches are counted: " + real.provenance().notes());
        List<String> paths = RenderFixtures.sourceFiles(3_000).stream().map(ChangedFile::filename).toList();
        Evaluation e = RenderFixtures.withMissingTests(real, paths);

        CheckRunContent c = renderer.render(PullRequestResult.of(key(42), HEAD_SHA, e, POLICY_PATH));

        assertWithin(c);
        assertEquals("failure", c.conclusion());
        // The summary keeps to its caps, so it needs no cutting and still says everything that matters.
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_FAILURE), c.summary());
        assertTrue(e.notes().stream().anyMatch(n -> n.contains("3,412")), "the evaluation notes the truncated file list");
        for (String note : e.notes()) {
            assertTrue(c.summary().contains(Markdown.text(note, 1000)), c.summary());
        }
        for (String note : real.provenance().notes()) {
            assertTrue(c.summary().contains(Markdown.text(note, 1000)), "provenance note shown: " + note);
        }
        assertTrue(c.summary().contains("…and 2,980 more in the details below."));
        assertEquals(AnnotationCollector.MAX_ANNOTATIONS, c.annotations().size());
        // The long detail cannot hold 3,000 rows and says exactly what it left out.
        assertTrue(c.text().contains(CheckRunText.TRUNCATION_NOTICE), tail(c.text()));
        assertTrue(c.text().contains("Left out: files for ai-needs-review · tests "), tail(c.text()));
        assertTrue(c.text().contains("of 3000"), tail(c.text()));
        MarkdownChecks.wellFormed(c.summary());
        MarkdownChecks.wellFormed(c.text());
    }

    @Test
    void aSummaryThatCannotFitIsCutAtASectionAndSaysWhat() {
        // 400 rules that all apply and all fail: far more than 64 KB of rules.
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        for (int i = 0; i < 400; i++) {
            yaml.append("  - name: agent-changes-need-review-by-the-owning-team-").append(i)
                    .append("\n    if: { provenance: [agent] }\n    require: { approvals: { count: ").append(2 + i % 3)
                    .append(" } }\n");
        }
        RenderFixtures.Pr p = biggest(yaml.toString());
        CheckRunContent c = renderer.render(p.result());

        assertWithin(c);
        assertEquals("failure", c.conclusion());
        assertTrue(c.summary().startsWith("## " + CheckRunText.HEADLINE_FAILURE + "\n\n" + CheckRunText.TO_PASS),
                c.summary().substring(0, 300));
        assertTrue(c.summary().contains("- …and 385 more, under " + CheckRunText.SECTION_RULES + " below\n"), c.summary());
        String notice = tail(c.summary());
        assertTrue(notice.contains(CheckRunText.TRUNCATION_NOTICE), notice);
        assertTrue(notice.contains("rules 'agent-changes-need-review-by-the-owning-team-"), notice);
        int signals = p.evaluate().provenance().evidence().size();
        assertTrue(notice.contains("provenance evidence (" + signals + " signals)"), notice);
        assertTrue(notice.contains("[details page](https://gate.example.com/pulls/acme/app/42)"), notice);
        assertTrue(c.title().length() <= CheckRunContent.MAX_TITLE_CHARS);
        MarkdownChecks.wellFormed(c.summary());
    }

    @Test
    void multiByteTextIsMeasuredInBytesNotCharacters() {
        // Rule names of three-byte characters: a character count would pass GitHub's byte limit by far.
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        for (int i = 0; i < 300; i++) {
            yaml.append("  - name: \"").append("審査が必要です".repeat(12)).append(i).append("\"\n")
                    .append("    require: { approvals: { count: 1 } }\n");
        }
        CheckRunContent c = renderer.render(pr().policy(yaml.toString()).result());
        assertWithin(c);
        assertTrue(c.summary().contains(CheckRunText.TRUNCATION_NOTICE));
        int bytes = Utf8.length(c.summary());
        assertTrue(bytes > LIMIT - MarkdownBudget.RESERVE - 2_000, "filled up to the limit in bytes: " + bytes);
        assertTrue(c.summary().length() < bytes * 0.7, "far fewer characters than bytes: " + c.summary().length());
    }

    @Test
    void manyPolicyProblemsAreListedAndCut() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n");
        for (int i = 0; i < 1_500; i++) {
            yaml.append("  - name: r").append(i).append("\n    colour").append(i).append(": blue\n");
        }
        PullRequestResult r = pr().policy(yaml.toString()).result();
        int problems = r.evaluation().problems().size();
        assertTrue(problems >= 1_500, "at least one problem per rule: " + problems);
        CheckRunContent c = renderer.render(r);
        assertWithin(c);
        assertEquals("failure", c.conclusion());
        assertEquals(AnnotationCollector.MAX_ANNOTATIONS, c.annotations().size(), "capped");
        assertTrue(c.annotations().stream().allMatch(a -> a.path().equals(POLICY_PATH)));
        assertTrue(c.summary().contains("…and " + Markdown.count(problems - ProblemsSection.IN_SUMMARY)
                + " more in the details below."), c.summary());
        assertTrue(c.text().contains(CheckRunText.TRUNCATION_NOTICE), tail(c.text()));
        assertTrue(tail(c.text()).contains("policy problems "), tail(c.text()));
        assertFalse(c.summary().contains(CheckRunText.TRUNCATION_NOTICE));
    }

    private static void assertWithin(CheckRunContent c) {
        int summary = c.summary().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(summary <= LIMIT, "summary is " + summary + " bytes");
        assertEquals(summary, Utf8.length(c.summary()));
        if (c.text() != null) {
            int text = c.text().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(text <= LIMIT, "text is " + text + " bytes");
        }
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 1_500));
    }
}
