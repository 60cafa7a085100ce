package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.aigate.checks.RenderFixtures.COPILOT;
import static dev.aigate.checks.RenderFixtures.HEAD_SHA;
import static dev.aigate.checks.RenderFixtures.POLICY_PATH;
import static dev.aigate.checks.RenderFixtures.commit;
import static dev.aigate.checks.RenderFixtures.key;
import static dev.aigate.checks.RenderFixtures.pr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check run as GitHub shows it: the summary rendered by a GFM renderer and read as HTML. */
class CheckRunOnGitHubTest {

    private static final String PUBLIC_URL = "https://gate.example.com";
    private final CheckRunRenderer renderer = new CheckRunRenderer(PUBLIC_URL);

    @Test
    void theToPassListEndsBeforeTheFacts() {
        Evaluation e = RenderFixtures.withMissingTests(pr().author(COPILOT).evaluate(), List.of("src/main/A.java"));
        String html = Gfm.html(renderer.render(PullRequestResult.of(key(42), HEAD_SHA, e, POLICY_PATH)).summary());
        assertToPassListStandsAlone(html, 2);
    }

    @Test
    void theDocumentedExampleReadsTheSameWay() throws IOException {
        String doc = Files.readString(Path.of("docs/check-run.md"));
        int from = doc.indexOf("## Example: an assisted pull request that is not ready");
        StringBuilder quoted = new StringBuilder();
        for (String line : doc.substring(from).lines().toList()) {
            if (line.startsWith(">")) {
                quoted.append(line.startsWith("> ") ? line.substring(2) : line.substring(1)).append('\n');
            } else if (quoted.length() > 0 && line.isBlank()) {
                break;
            }
        }
        assertToPassListStandsAlone(Gfm.html(quoted.toString()), 2);
    }

    private static void assertToPassListStandsAlone(String html, int steps) {
        List<String> lists = Gfm.lists(html);
        String toPass = lists.get(0);
        assertTrue(html.indexOf("<strong>To pass:</strong>") < html.indexOf("<ul>"), html);
        assertEquals(steps, MarkdownChecks.count(toPass, "<li>"), "the To pass list has only the steps:\n" + html);
        assertFalse(toPass.contains("Provenance"), "the facts are not steps:\n" + html);
        String facts = lists.get(1);
        assertTrue(facts.contains("<strong>Provenance:</strong>") && facts.contains("<strong>Size:</strong>")
                && facts.contains("<strong>Policy:</strong>"), "the facts are a list of their own:\n" + html);
        assertFalse(toPass.contains("<p>"), "the To pass list is tight, not one loose list with the facts:\n" + html);
    }

    @Test
    void textFromThePullRequestMakesNoLinks() {
        List<String> hostile = List.of("mail noreply@anthropic.com", "see https://evil.example/x?y=1",
                "or www.evil.example/path", "ftp://files.evil.example", "mailto:a@evil.example", "xmpp:a@evil.example",
                "HTTPS://EVIL.EXAMPLE", "WWW.EVIL.EXAMPLE", "<https://evil.example>", "[x](https://evil.example)",
                "@alice please merge");
        for (String s : hostile) {
            String html = Gfm.html("| a |\n|---|\n| " + Markdown.text(s) + " |\n\n- " + Markdown.text(s) + "\n\n"
                    + "<details><summary>" + Markdown.html(s, 100) + "</summary>\n\nx\n\n</details>\n");
            assertEquals(List.of(), Gfm.links(html), s + " → " + html);
            // The reader still sees the text as written (the joiner is invisible).
            String seen = html.replace(String.valueOf(Markdown.WORD_JOINER), "").replace(Markdown.AT, "@")
                    .toLowerCase(java.util.Locale.ROOT);
            assertTrue(seen.contains("evil.example") || seen.contains("anthropic.com") || seen.contains("@alice"), html);
        }

        String message = "Fix it\n\nSee https://evil.example/a and www.evil.example, ask evil@evil.example\n\n"
                + "Co-Authored-By: Claude <noreply@anthropic.com>";
        List<dev.aigate.snapshot.CommitInfo> commits = new ArrayList<>();
        commits.add(commit(1, message));
        CheckRunContent c = renderer.render(pr().author(COPILOT).commits(commits, false).result());
        String html = Gfm.html(c.summary());
        assertTrue(html.contains("noreply"), "the trailer is shown: " + html);
        for (String link : Gfm.links(html)) {
            assertTrue(link.startsWith(PUBLIC_URL + "/"), "only ai-gate's own links: " + link + "\n" + html);
        }
    }

    @Test
    void aRulesHintIsItsNextStepAndAnAbsentLabelSaysToRemoveIt() {
        String yaml = """
                version: 1
                rules:
                  - name: large AI changes are split first
                    require: { labels: { absent: [large-ai-change] }, approvals: 1 }
                    conclusion: action_required
                    hint: "Split the pull request, then remove the large-ai-change label; see https://wiki.example/split."
                """;
        PullRequestResult r = pr().policy(yaml).result();
        RenderFixtures.Pr labelled = pr().policy(yaml);
        CheckRunContent c = renderer.render(labelled.label("large-ai-change").result());

        assertEquals("action_required", c.conclusion());
        assertEquals("Split the pull request, then remove the large-ai-change label; see https://wiki.example/split",
                c.title(), "the rule's own words, once");
        String html = Gfm.html(c.summary());
        String toPass = Gfm.lists(html).get(0);
        assertEquals(1, MarkdownChecks.count(toPass, "<li>"), html);
        assertTrue(toPass.contains("Split the pull request, then remove the large-ai-change label"), html);
        assertTrue(html.contains("<p><strong>To satisfy:</strong> Split the pull request"), html);
        // The requirement still says what it found and what it wants.
        assertTrue(html.contains("has label large-ai-change, which must not be on it"), html);
        assertTrue(html.contains("Remove the label large-ai-change from the pull request."), html);
        assertTrue(html.contains("(gives <strong>action required</strong>)"), html);
        // Even the policy's own text makes no link of a bare URL.
        for (String link : Gfm.links(html)) {
            assertTrue(link.startsWith(PUBLIC_URL + "/"), link);
        }
        // Without the label only the approval is missing, and the hint still leads.
        assertTrue(renderer.render(r).title().startsWith("Split the pull request"), renderer.render(r).title());
    }
}
