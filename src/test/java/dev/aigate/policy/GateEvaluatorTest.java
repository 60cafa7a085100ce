package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.snapshot.PolicyFile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.aigate.policy.PolicyTesting.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pure core: no policy is quiet, a broken policy fails closed, a good one is applied. */
class GateEvaluatorTest {

    @Test
    void noPolicyIsQuietAndNeutral() {
        Evaluation e = GATE.evaluate(new Prs().file("a").build());
        assertEquals(Verdict.NEUTRAL, e.verdict());
        assertEquals(Evaluation.PolicyState.NONE, e.policyState());
        assertEquals(List.of("No ai-gate policy applies to this repository, so nothing is required."), e.notes());
        assertTrue(e.rules().isEmpty());
    }

    @Test
    void invalidPolicyFailsClosedNamingFileLineColumnAndTheFix() {
        Evaluation e = GATE.evaluate(new Prs().file("a").policy("version: 1\nrules:\n  - name: a\n    require: { aprovals: 1 }\n").build());
        assertEquals(Verdict.FAILURE, e.verdict());
        assertEquals(Evaluation.PolicyState.INVALID, e.policyState());
        assertEquals(".github/ai-gate.yml:4:16: unknown key 'aprovals' in 'require'; did you mean 'approvals'?", e.problems().get(0).format());
        assertTrue(e.notes().get(0).contains("fails closed"));
        assertTrue(e.notes().get(0).contains("validate .github/ai-gate.yml"));
        assertNull(e.policy());
    }

    @Test
    void unresolvableExtendsFailsClosed() {
        Evaluation e = GATE.evaluate(new Prs().file("a").policy("version: 1\nextends: acme/.github:base.yml\nrules: []\n").build());
        assertEquals(Verdict.FAILURE, e.verdict());
        assertTrue(e.problems().get(0).message().startsWith("cannot read the extended policy acme/.github:base.yml"));
    }

    @Test
    void extendsResolvedThroughSources() {
        GateEvaluator gate = new GateEvaluator(new dev.aigate.provenance.ProvenanceClassifier(dev.aigate.provenance.SignalCatalogue.builtIn()),
                (repo, path, ref) -> repo.equals("acme/.github") ? Optional.of("version: 1\nrules:\n  - name: base\n    require: { labels: [ok] }\n") : Optional.empty());
        Evaluation e = gate.evaluate(new Prs().file("a").label("ok").policy("version: 1\nextends: acme/.github\n").build());
        assertEquals(Verdict.SUCCESS, e.verdict(), e.problems().toString());
        assertEquals("base", e.rules().get(0).name());
    }

    @Test
    void noRuleAppliesIsSuccessWithANote() {
        Evaluation e = PolicyTesting.evaluate("version: 1\nrules:\n  - name: a\n    if: { provenance: [agent] }\n    require: { approvals: 2 }\n",
                new Prs().file("a"));
        assertEquals(Verdict.SUCCESS, e.verdict());
        assertEquals("No rule of the policy applies to this pull request (provenance: none).", e.notes().get(0));
    }

    @Test
    void aPullRequestThatEditsThePolicyIsJudgedByTheBaseVersionAndSaysSo() {
        String base = "version: 1\nrules:\n  - name: guard\n    if: { changed_files: [\".github/ai-gate.yml\"] }\n"
                + "    require: { approvals: { from: { teams: [acme/security] } } }\n";
        Evaluation e = PolicyTesting.evaluate(base, new Prs().file(".github/ai-gate.yml").approve("bob"));
        assertEquals(Verdict.FAILURE, e.verdict());
        assertTrue(e.rules().get(0).applied());
        String note = e.notes().stream().filter(n -> n.startsWith("This pull request changes .github/ai-gate.yml")).findFirst().orElseThrow();
        assertTrue(note.contains("judged by the policy on the base branch (main)"), note);
        // even an invalid base policy says the PR edits it, and still fails closed
        Evaluation broken = GATE.evaluate(new Prs().file(".github/ai-gate.yml").policy("version: 1\nrules: 5\n").build());
        assertEquals(Verdict.FAILURE, broken.verdict());
        assertTrue(broken.notes().stream().anyMatch(n -> n.startsWith("This pull request changes")));
    }

    @Test
    void labelSyncNamesTheLabelForTheClass() {
        Prs pr = new Prs().file("a").label("ai-assisted");
        Evaluation e = PolicyTesting.evaluate("version: 1\nprovenance: { declared_label: ai-assisted }\nlabels_sync: { declared: \"ai:declared\" }\n"
                + "rules:\n  - name: a\n    require: { approvals: 1 }\n", pr);
        assertEquals(ProvenanceClass.DECLARED, e.provenance().provenanceClass());
        assertEquals(Optional.of("ai:declared"), e.provenanceLabel());
    }

    @Test
    void rulesCarryTheirPolicyLineAndDescription() {
        Evaluation e = PolicyTesting.evaluate("version: 1\nrules:\n  - name: a\n    description: why it matters\n    require:\n      labels: [x]\n",
                new Prs().file("a"));
        assertEquals(3, e.rules().get(0).policyLine());
        assertEquals("why it matters", e.rules().get(0).description());
        assertEquals(6, e.rules().get(0).requirements().get(0).policyLine());
        assertEquals(1, e.unmet().size());
        assertEquals(List.of("x"), ((RequirementFacts.Labels) e.unmet().get(0).facts()).missing());
    }

    @Test
    void parseResultsCanBeReused() {
        String yaml = "version: 1\nrules:\n  - name: a\n    require: { labels: [x] }\n";
        PolicyParseResult parsed = PolicyParser.parse(yaml, "p.yml");
        PolicyFile file = new PolicyFile(PolicyFile.Origin.SERVER_DEFAULT, "server default", "p.yml", yaml);
        assertEquals(Verdict.FAILURE, GATE.evaluate(new Prs().file("a").build(), file, parsed).verdict());
        assertEquals(Verdict.SUCCESS, GATE.evaluate(new Prs().file("a").label("x").build(), file, parsed).verdict());
    }
}
