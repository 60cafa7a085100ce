package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules that cost more than the evaluation's budget fail closed, saying so, instead of holding a worker. */
class EvaluationBudgetTest {

    private static final ProvenanceClassifier CLASSIFIER = new ProvenanceClassifier(SignalCatalogue.builtIn());
    /** A clock that never moves: only the step limit can run out. */
    private static final java.util.function.LongSupplier STOPPED = () -> 0L;

    private static GateEvaluator gate(long steps, java.util.function.LongSupplier clock) {
        return new GateEvaluator(CLASSIFIER, PolicySources.NONE, new EvaluationBudget(Duration.ofSeconds(5), steps), clock);
    }

    private static final String POLICY = """
            version: 1
            rules:
              - name: cheap
                require: { labels: [ok] }
              - name: disclosed
                if: { body: { matches: "(?i)generated with [a-z]+" } }
                require: { approvals: 1 }
            """;

    private static Prs longBody() {
        Prs pr = new Prs().file("src/a.java").label("ok").policy(POLICY);
        pr.body = "lorem ipsum ".repeat(5_000);
        return pr;
    }

    @Test
    void aPolicyThatCostsMoreStepsThanTheBudgetFailsClosedNamingTheRule() {
        Evaluation e = gate(10_000, STOPPED).evaluate(longBody().build());
        assertEquals(Verdict.FAILURE, e.verdict());
        assertEquals(Evaluation.PolicyState.OVER_BUDGET, e.policyState());
        EvaluationBudget.Exceeded x = e.overBudget();
        assertNotNull(x);
        assertEquals(10_000, x.limitSteps());
        assertEquals(5_000, x.limitMillis());
        assertEquals("disclosed", x.rule());
        assertTrue(x.spentSteps() > 10_000, "stopped as soon as the limit was passed: " + x.spentSteps());
        assertTrue(x.spentSteps() <= 10_000 + EvaluationBudget.CHUNK * 50L, "within one chunk of text: " + x.spentSteps());
        assertEquals(List.of(), e.rules(), "no partial verdicts");
        assertNotNull(e.provenance(), "classification still reported");
    }

    @Test
    void theSamePolicyWithinTheBudgetIsEvaluated() {
        Evaluation e = gate(EvaluationBudget.DEFAULT_STEPS, STOPPED).evaluate(longBody().build());
        assertEquals(Evaluation.PolicyState.LOADED, e.policyState());
        assertNull(e.overBudget());
        assertEquals(2, e.rules().size());
    }

    @Test
    void theTimeLimitStopsAnEvaluationOnTheClockItIsGiven() {
        long[] now = {0};
        // every reading of the clock moves it a second on: the 5 s limit passes within a few checks
        Evaluation e = gate(EvaluationBudget.DEFAULT_STEPS, () -> now[0] += 1_000_000_000L).evaluate(longBody().build());
        assertEquals(Evaluation.PolicyState.OVER_BUDGET, e.policyState());
        assertTrue(e.overBudget().spentMillis() > 5_000, e.overBudget().toString());
    }

    @Test
    void globMatchingSpendsFromTheBudgetToo() {
        String policy = "version: 1\nrules:\n  - name: globs\n    if: { changed_files: [\"**/x/**/y/**/*.java\"] }\n"
                + "    require: { approvals: 1 }\n";
        Prs pr = new Prs().policy(policy);
        for (int i = 0; i < 200; i++) {
            pr.file("d/".repeat(100) + "f" + i + ".txt");
        }
        Evaluation e = gate(5_000, STOPPED).evaluate(pr.build());
        assertEquals(Evaluation.PolicyState.OVER_BUDGET, e.policyState());
        assertEquals("globs", e.overBudget().rule());
    }

    @Test
    void codeOwnersMatchingSpendsFromTheBudgetToo() {
        String policy = "version: 1\nrules:\n  - name: owners\n    require: { codeowners: true }\n";
        Prs pr = new Prs().policy(policy);
        pr.codeowners = "docs/**/*.md @acme/docs\n".repeat(2_000);
        for (int i = 0; i < 50; i++) {
            pr.file("src/" + i + ".java");
        }
        Evaluation e = gate(20_000, STOPPED).evaluate(pr.build());
        assertEquals(Evaluation.PolicyState.OVER_BUDGET, e.policyState());
        assertEquals("owners", e.overBudget().rule());
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new EvaluationBudget(Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new EvaluationBudget(Duration.ofSeconds(1), 0));
    }
}
