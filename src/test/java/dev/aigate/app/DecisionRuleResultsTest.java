package dev.aigate.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.aigate.checks.RenderFixtures;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.RuleResult;
import dev.aigate.snapshot.ChangedFile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rule results the decision log stores keep their shape and wording: each requirement's {@code detail} and
 * {@code howToSatisfy} sentences, rendered from its facts, stand where they always stood, so the details page
 * and the records written before the facts existed read alike. The expected files were written by the code
 * before the change (main at 861b0b5), byte for byte.
 */
class DecisionRuleResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Test
    void everyRequirementIsStoredAsItWasBefore() throws Exception {
        Evaluation e = RenderFixtures.pr().policy(RenderFixtures.EVERY_REQUIREMENT).label("wip").approvedBy("bob", "dave")
                .files(List.of(new ChangedFile("src/main/App.java", null, "modified", 10, 2),
                        new ChangedFile("src/main/Other.java", null, "modified", 3, 0)), 3)
                .evaluate();
        ArrayNode rules = JSON.createArrayNode();
        for (RuleResult rule : e.rules()) {
            rules.add(RecordDecision.ruleJson(rule));
        }
        assertEquals(stored("rule-results-every-requirement.json"), JSON.writeValueAsString(rules));
    }

    @Test
    void testsAndSatisfiedRequirementsAreStoredAsTheyWereBefore() throws Exception {
        Evaluation e = RenderFixtures.pr().policy(RenderFixtures.TESTED).label("Reviewed").approvedBy("alice")
                .files(List.of(new ChangedFile("src/main/App.java", null, "modified", 10, 2),
                        new ChangedFile("src/main/Other.java", null, "modified", 3, 0),
                        new ChangedFile("src/test/AppTest.java", null, "added", 30, 0)), 3)
                .evaluate();
        ArrayNode rules = JSON.createArrayNode();
        for (RuleResult rule : e.rules()) {
            rules.add(RecordDecision.ruleJson(rule));
        }
        assertEquals(stored("rule-results-tests.json"), JSON.writeValueAsString(rules));
    }

    /** What the decision log stored for the same pull request before requirement results became facts. */
    private static String stored(String name) throws java.io.IOException {
        try (var in = DecisionRuleResultsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
