package dev.aigate.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.aigate.policy.PolicyTesting.evaluate;
import static dev.aigate.policy.PolicyTesting.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code undisclosed_ai: true}: tool-written commits that the description denies or leaves undisclosed. */
class UndisclosedAiTest {

    private static final String POLICY = "version: 1\nrules:\n  - name: undisclosed\n    if: { undisclosed_ai: true }\n"
            + "    require: { labels: [ai-reviewed] }\n";

    private static Prs claudeCommit() {
        return new Prs().file("a").commit("c0ffee1", Prs.user("alice"), "Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>");
    }

    @Test
    void aDescriptionThatDeniesAiWhileTheCommitsSayClaude() {
        Prs pr = claudeCommit();
        pr.body = "- [x] This contribution was NOT assisted by AI tools.\n";
        RuleResult r = rule(evaluate(POLICY, pr), "undisclosed");
        assertTrue(r.applied(), r.toString());
        assertTrue(r.why().contains("the description says no AI was used (pr.body line 1)"), r.why());
        assertTrue(r.why().contains("email.claude"), r.why());
    }

    @Test
    void aDescriptionThatSaysNothing() {
        RuleResult r = rule(evaluate(POLICY, claudeCommit()), "undisclosed");
        assertTrue(r.applied());
        assertTrue(r.why().contains("discloses no AI use"), r.why());
    }

    @Test
    void aDescriptionThatDisclosesAgrees() {
        Prs pr = claudeCommit();
        pr.body = "Assisted-by: Claude Code\n";
        assertFalse(rule(evaluate(POLICY, pr), "undisclosed").applied());
    }

    @Test
    void noToolMarkersNoDisagreement() {
        Prs pr = new Prs().file("a").commit("c0ffee1", Prs.user("alice"), "Fix");
        pr.body = "AI tools used: none";
        assertFalse(rule(evaluate(POLICY, pr), "undisclosed").applied());
    }

    @Test
    void aBadValueIsALocatedError() {
        PolicyParseResult r = PolicyParser.parse("version: 1\nrules:\n  - name: x\n    if: { undisclosed_ai: maybe }\n"
                + "    require: { approvals: 1 }\n", "ai-gate.yml");
        assertFalse(r.ok());
        List<String> problems = r.problems().stream().map(PolicyProblem::format).toList();
        assertTrue(problems.get(0).startsWith("ai-gate.yml:4:"), problems.toString());
    }
}
