package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.aigate.policy.PolicyTesting.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mode: observe} on a policy, on a rule, and as the server default: what is decided and what would be. */
class ObserveModeTest {

    private static final String NEEDS_LABEL = """
            version: 1
            %s
            rules:
              - name: needs-ok
                require: { labels: [ok] }
            %s
            """;

    private static final GateEvaluator OBSERVING_SERVER = new GateEvaluator(
            new ProvenanceClassifier(SignalCatalogue.builtIn()), PolicySources.NONE, EvaluationBudget.DEFAULT,
            System::nanoTime, Mode.OBSERVE);

    private static String policy(String top, String ruleExtra) {
        return NEEDS_LABEL.formatted(top, ruleExtra);
    }

    @Test
    void modeIsReadOnThePolicyAndOnRules() {
        Policy p = PolicyTesting.policy("version: 1\nmode: observe\nrules:\n  - name: a\n    mode: enforce\n"
                + "    require: { labels: [ok] }\n  - name: b\n    require: { labels: [ok] }\n");
        assertEquals(Mode.OBSERVE, p.mode());
        assertEquals(Mode.ENFORCE, p.rules().get(0).mode());
        assertEquals(null, p.rules().get(1).mode());
        assertEquals(null, PolicyTesting.policy(policy("", "")).mode());
    }

    @Test
    void aBadModeIsALocatedErrorWithTheFix() {
        PolicyParseResult top = PolicyParser.parse("version: 1\nmode: obsrve\nrules: []\n", "p.yml");
        assertEquals(List.of("p.yml:2:7: 'mode' must be observe or enforce, got 'obsrve'; did you mean 'observe'?"),
                top.problems().stream().map(PolicyProblem::format).toList());
        PolicyParseResult rule = PolicyParser.parse("version: 1\nrules:\n  - name: a\n    mode: [observe]\n"
                + "    require: { labels: [ok] }\n", "p.yml");
        assertEquals(List.of("p.yml:4:11: 'mode' must be text, not a list"),
                rule.problems().stream().map(PolicyProblem::format).toList());
        Evaluation e = GATE.evaluate(new Prs().file("a").policy("version: 1\nmode: audit\nrules: []\n").build());
        assertEquals(Verdict.FAILURE, e.verdict(), "a policy whose mode cannot be read fails closed");
    }

    @Test
    void anObservedPolicyIsNeutralAndSaysWhatItWouldDecide() {
        Evaluation e = GATE.evaluate(new Prs().file("a").policy(policy("mode: observe", "")).build());
        assertEquals(Verdict.NEUTRAL, e.verdict());
        assertEquals(Verdict.FAILURE, e.wouldVerdict());
        assertEquals(Mode.OBSERVE, e.mode());
        assertTrue(e.rules().get(0).observed());
        assertEquals(List.of("needs-ok"), e.observedBlocking().stream().map(RuleResult::name).toList());

        Evaluation passing = GATE.evaluate(new Prs().file("a").label("ok").policy(policy("mode: observe", "")).build());
        assertEquals(Verdict.NEUTRAL, passing.verdict());
        assertEquals(Verdict.SUCCESS, passing.wouldVerdict());
    }

    @Test
    void anEnforcedPolicyKeepsBothVerdictsEqual() {
        Evaluation e = GATE.evaluate(new Prs().file("a").policy(policy("", "")).build());
        assertEquals(Verdict.FAILURE, e.verdict());
        assertEquals(Verdict.FAILURE, e.wouldVerdict());
        assertEquals(Mode.ENFORCE, e.mode());
        assertFalse(e.rules().get(0).observed());
    }

    @Test
    void anObservedRuleDoesNotBlockWhileEnforcedRulesStillDecide() {
        String yaml = """
                version: 1
                rules:
                  - name: trial
                    mode: observe
                    require: { labels: [ok] }
                  - name: enforced
                    require: { labels: [reviewed] }
                """;
        Evaluation onlyTrialFails = GATE.evaluate(new Prs().file("a").label("reviewed").policy(yaml).build());
        assertEquals(Verdict.SUCCESS, onlyTrialFails.verdict());
        assertEquals(Verdict.FAILURE, onlyTrialFails.wouldVerdict());
        assertEquals(List.of("trial"), onlyTrialFails.observedBlocking().stream().map(RuleResult::name).toList());
        assertEquals(Verdict.SUCCESS, PolicyTesting.rule(onlyTrialFails, "trial").verdict());
        assertEquals(Verdict.FAILURE, PolicyTesting.rule(onlyTrialFails, "trial").wouldVerdict());

        Evaluation bothFail = GATE.evaluate(new Prs().file("a").policy(yaml).build());
        assertEquals(Verdict.FAILURE, bothFail.verdict(), "the enforced rule still decides");
    }

    @Test
    void aRuleThatEnforcesWinsOverAnObservedPolicy() {
        String yaml = """
                version: 1
                mode: observe
                rules:
                  - name: must
                    mode: enforce
                    conclusion: action_required
                    require: { labels: [reviewed] }
                  - name: trial
                    require: { labels: [ok] }
                """;
        Evaluation e = GATE.evaluate(new Prs().file("a").policy(yaml).build());
        assertEquals(Verdict.ACTION_REQUIRED, e.verdict());
        assertEquals(Verdict.FAILURE, e.wouldVerdict());
        Evaluation enforcedMet = GATE.evaluate(new Prs().file("a").label("reviewed").policy(yaml).build());
        assertEquals(Verdict.NEUTRAL, enforcedMet.verdict(), "an observed policy never passes or blocks on observed rules");
        assertEquals(Verdict.FAILURE, enforcedMet.wouldVerdict());
    }

    @Test
    void theServerDefaultAppliesOnlyToPoliciesThatSetNoMode() {
        Evaluation unset = OBSERVING_SERVER.evaluate(new Prs().file("a").policy(policy("", "")).build());
        assertEquals(Verdict.NEUTRAL, unset.verdict());
        assertEquals(Verdict.FAILURE, unset.wouldVerdict());
        Evaluation explicit = OBSERVING_SERVER.evaluate(new Prs().file("a").policy(policy("mode: enforce", "")).build());
        assertEquals(Verdict.FAILURE, explicit.verdict(), "the policy's explicit mode wins over the server default");
        Evaluation rule = OBSERVING_SERVER.evaluate(new Prs().file("a").policy(policy("", "    mode: enforce")).build());
        assertEquals(Verdict.FAILURE, rule.verdict(), "the rule's mode wins over the server default");
    }

    @Test
    void aPolicyThatDoesNotLoadFailsClosedEvenWhenTheServerObserves() {
        Evaluation e = OBSERVING_SERVER.evaluate(new Prs().file("a").policy("version: 1\nrules:\n  - name: a\n").build());
        assertEquals(Verdict.FAILURE, e.verdict());
        assertEquals(Evaluation.PolicyState.INVALID, e.policyState());
    }

    @Test
    void anExtendedPolicysModeIsInheritedUnlessTheFileSetsItsOwn() {
        PolicySources sources = (repo, path, ref) -> Optional.of(policy("mode: observe", ""));
        GateEvaluator gate = new GateEvaluator(new ProvenanceClassifier(SignalCatalogue.builtIn()), sources);
        assertEquals(Verdict.NEUTRAL, gate.evaluate(new Prs().file("a").policy("version: 1\nextends: acme/.github\n").build()).verdict());
        assertEquals(Verdict.FAILURE, gate.evaluate(new Prs().file("a")
                .policy("version: 1\nextends: acme/.github\nmode: enforce\n").build()).verdict());
    }

    @Test
    void theSettingIsObserveOrEnforce() {
        assertEquals(Mode.ENFORCE, Mode.parse(""));
        assertEquals(Mode.OBSERVE, Mode.parse(" Observe "));
        assertThrows(IllegalArgumentException.class, () -> Mode.parse("audit"));
    }
}
