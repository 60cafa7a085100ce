package dev.aigate.web;

import dev.aigate.store.DecisionRecord;
import dev.aigate.store.OverrideRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.aigate.web.DetailsFixtures.HEAD;
import static dev.aigate.web.DetailsFixtures.HOSTILE_BRANCH;
import static dev.aigate.web.DetailsFixtures.HOSTILE_FILE;
import static dev.aigate.web.DetailsFixtures.HOSTILE_TITLE;
import static dev.aigate.web.DetailsFixtures.OLD_HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetailsPageTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)");
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    private static String render(List<DecisionRecord> decisions, List<OverrideRecord> overrides) {
        return DetailsPage.render(new DetailsPage.Details("acme", "widgets", 42, decisions, overrides,
                "https://github.example", "octocat", false));
    }

    @Test
    void hostileTitleBranchAndFileNamesAreTextNeverMarkupOrLinks() {
        String html = render(List.of(DetailsFixtures.blocked(T0, HEAD, HOSTILE_TITLE, HOSTILE_BRANCH, HOSTILE_FILE)),
                List.of(new OverrideRecord("acme/widgets", 42, OLD_HEAD, "<i>mallory</i>", "</td><script>x</script>", T0)));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Fix &lt;b&gt;all&lt;/b&gt; &amp; &quot;more&quot;"),
                "the title is shown, escaped");
        assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "the branch name, escaped");
        assertTrue(html.contains("src/&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;.java"), "the file name, escaped");
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            tags.add(m.group(1).toLowerCase());
        }
        assertFalse(tags.contains("script"), "no script element");
        assertFalse(tags.contains("img"), "no image element");
        assertFalse(tags.contains("i"), "no markup from the override's actor");
        List<String> links = new ArrayList<>();
        Matcher h = HREF.matcher(html);
        while (h.find()) {
            links.add(h.group(1));
        }
        assertEquals(List.of("https://github.example/acme/widgets/pull/42"), links,
                "the only link is the one ai-gate built to GitHub");
    }

    @Test
    void saysWhoMustActOnWhat() {
        DecisionRecord d = DetailsFixtures.blocked(T0, HEAD, "Add caching", "copilot/caching", "src/Cache.java");
        List<NextActions.Action> actions = NextActions.of(d, "copilot-swe-agent[bot]");
        assertEquals(List.of("reviewer", "author"), actions.stream().map(NextActions.Action::role).toList());
        assertEquals("A reviewer from @acme/platform", actions.get(0).who());
        assertEquals("Needs 1 more approval from @acme/platform.", actions.get(0).what());
        assertEquals("The author (@copilot-swe-agent[bot])", actions.get(1).who());
        assertEquals("Add or change a test under src/test/.", actions.get(1).what());
        String html = render(List.of(d), List.of());
        assertTrue(html.contains("<p id=\"verdict\" class=\"verdict failure\"><strong>Blocked</strong>"), html);
        assertTrue(html.contains("<strong>A reviewer from @acme/platform</strong>: Needs 1 more approval from @acme/platform."));
    }

    @Test
    void listsApprovalsKeptAcrossPushesAndDroppedOnesWithWhy() {
        String html = render(List.of(DetailsFixtures.blocked(T0, HEAD, "t", "b", "src/Cache.java")), List.of());
        assertTrue(html.contains("<li>@alice approved aaaa000; the pull request&#39;s own changes are the same at ffff000</li>"), html);
        assertTrue(html.contains("<li>@carol approved aaaa000; dropped at ffff000: the pull request&#39;s own changes differ"
                + " (changed: src/Cache.java)</li>"));
        assertTrue(html.contains("<li>@dave approved aaaa000; dropped at ffff000: the changes could not be compared"
                + " (no patch: src/Cache.java), so the approval does not count</li>"));
        assertTrue(html.contains("<li>carol — approved an earlier head whose changes differ</li>"), "exclusions with why");
    }

    @Test
    void namesWhoStartedTheAgentEscaped() {
        DecisionRecord d = DetailsFixtures.blocked(T0, HEAD, "Add caching", "copilot/caching", "src/Cache.java");
        assertFalse(render(List.of(d), List.of()).contains("id=\"initiator\""), "no initiator recorded, none shown");
        ((com.fasterxml.jackson.databind.node.ObjectNode) d.pullRequest()).putObject("initiator")
                .put("login", "<b>octocat</b>").put("how", "assignee of the agent's pull request").put("location", "pr.assignees");
        String html = render(List.of(d), List.of());
        assertTrue(html.contains("<p id=\"initiator\">Started by <strong>&lt;b&gt;octocat&lt;/b&gt;</strong>"
                + " (assignee of the agent&#39;s pull request, pr.assignees); by default their approval does not count"
                + " toward it.</p>"), html);
    }

    @Test
    void observeModeShowsTheWouldBeVerdict() {
        DecisionRecord d = DetailsFixtures.observed(T0, HEAD);
        String html = render(List.of(d), List.of());
        assertTrue(html.contains("<strong>Neutral: does not block</strong>"));
        assertTrue(html.contains("Observe mode: the check run never blocks a merge. Enforced, the policy would "
                + "<strong>block (failure)</strong>."));
        List<NextActions.Action> actions = NextActions.of(d, "someone");
        assertEquals(1, actions.size());
        assertTrue(actions.get(0).observed());
        assertTrue(html.contains("(rule agents-need-review, observe mode: would be needed)"));
    }

    @Test
    void historyAndOverridesSayWhatChangedAndWho() {
        OverrideRecord o = new OverrideRecord("acme/widgets", 42, HEAD, "maria", "hotfix for the outage", T0.plusSeconds(120));
        DecisionRecord first = DetailsFixtures.blocked(T0, OLD_HEAD, "t", "b", "f");
        DecisionRecord pushed = DetailsFixtures.blocked(T0.plusSeconds(60), HEAD, "t", "b", "f");
        DecisionRecord lifted = DetailsFixtures.overridden(T0.plusSeconds(121), HEAD, o);
        String html = render(List.of(lifted, pushed, first), List.of(o));
        assertTrue(html.contains("<td>2026-11-30 10:00:00 UTC</td><td><code>aaaa000</code></td><td>first evaluation</td>"
                + "<td>Blocked</td><td></td><td>93 ms</td>"), html);
        assertTrue(html.contains("<td><code>ffff000</code></td><td>new head (push)</td><td>Blocked</td>"));
        assertTrue(html.contains("override"), "the override evaluation says so");
        assertTrue(html.contains("<td>@maria</td><td>hotfix for the outage</td><td><code>ffff000</code></td>"));
        assertTrue(html.contains("overridden by @maria: hotfix for the outage"));
        assertTrue(NextActions.of(lifted, "x").isEmpty(), "nobody must act once an override lifted the verdict");
    }

    @Test
    void aPullRequestNeverSeenGetsAClearPage() {
        String html = render(List.of(), List.of());
        assertTrue(html.contains("ai-gate has no evaluation of this pull request."));
        assertTrue(html.contains("href=\"https://github.example/acme/widgets/pull/42\""));
    }

    @Test
    void escapeHidesControlAndBidiCharacters() {
        assertEquals("a\ufffdb\ufffdc&lt;", WebPages.escape("a\u202eb\u0007c<"));
    }
}
