package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.snapshot.ChangedFile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole check run for pull requests that meet and miss every kind of requirement, byte for byte: summary,
 * title, text and annotations. The expected file was written by the code before requirement results became
 * facts (main at 861b0b5 writes the same bytes), so the wording the evaluator used to write itself is what checks
 * now renders.
 */
class RequirementRenderingGoldenTest {

    static String render(Evaluation e) {
        CheckRunContent c = new CheckRunRenderer("https://gate.example").render(RenderFixtures.key(42), RenderFixtures.HEAD_SHA,
                e, RenderFixtures.POLICY_PATH);
        StringBuilder b = new StringBuilder();
        b.append("conclusion: ").append(c.conclusion()).append('\n');
        b.append("title: ").append(c.title()).append('\n');
        b.append("---- summary\n").append(c.summary()).append('\n');
        b.append("---- text\n").append(c.text()).append('\n');
        b.append("---- annotations\n");
        for (CheckRunContent.Annotation a : c.annotations()) {
            b.append(a).append('\n');
        }
        return b.toString();
    }

    static String both() {
        Evaluation every = RenderFixtures.pr().policy(RenderFixtures.EVERY_REQUIREMENT).label("wip").approvedBy("bob", "dave")
                .files(List.of(new ChangedFile("src/main/App.java", null, "modified", 10, 2),
                        new ChangedFile("src/main/Other.java", null, "modified", 3, 0)), 3)
                .evaluate();
        Evaluation tested = RenderFixtures.pr().policy(RenderFixtures.TESTED).label("Reviewed").approvedBy("alice")
                .files(List.of(new ChangedFile("src/main/App.java", null, "modified", 10, 2),
                        new ChangedFile("src/main/Other.java", null, "modified", 3, 0),
                        new ChangedFile("src/test/AppTest.java", null, "added", 30, 0)), 3)
                .evaluate();
        return render(every) + "==========\n" + render(tested);
    }

    @Test
    void everyRequirementRendersAsBefore() throws Exception {
        String expected;
        try (var in = RequirementRenderingGoldenTest.class.getResourceAsStream("requirement-rendering.golden.txt")) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertEquals(expected, both());
    }

}
