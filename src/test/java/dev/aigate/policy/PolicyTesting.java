package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.snapshot.PullRequestSnapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Parses and evaluates in one step, failing the test on any policy problem. */
final class PolicyTesting {

    static final GateEvaluator GATE = new GateEvaluator(new ProvenanceClassifier(SignalCatalogue.builtIn()));

    private PolicyTesting() {
    }

    static Policy policy(String yaml) {
        PolicyParseResult r = PolicyParser.parse(yaml, "ai-gate.yml");
        if (!r.ok()) {
            fail("policy problems: " + r.problems().stream().map(PolicyProblem::format).toList());
        }
        return r.policy().orElseThrow();
    }

    static Evaluation evaluate(String yaml, Prs pr) {
        policy(yaml);
        PullRequestSnapshot s = pr.policy(yaml).build();
        return GATE.evaluate(s);
    }

    static RuleResult rule(Evaluation e, String name) {
        return e.rules().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name + " in " + e.rules()));
    }

    static RequirementResult requirement(Evaluation e, String kind) {
        assertTrue(e.rules().size() >= 1, "no rules");
        return e.rules().stream().flatMap(r -> r.requirements().stream()).filter(q -> q.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " requirement in " + e.rules()));
    }
}
