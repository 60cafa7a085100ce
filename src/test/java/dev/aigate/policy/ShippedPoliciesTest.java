package dev.aigate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.aigate.cli.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped example validates against policies/schema.json and through the validate command. */
class ShippedPoliciesTest {

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("policies/schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    static Stream<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("policies"))) {
            List<Path> yml = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
            assertEquals(List.of("default.yml", "oss-maintainer.yml", "strict.yml"), yml.stream().map(p -> p.getFileName().toString()).toList());
            return yml.stream();
        }
    }

    private static Set<ValidationMessage> schemaErrors(String yaml) {
        Object data = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        JsonNode node = new ObjectMapper().valueToTree(data);
        return schema.validate(node);
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void validatesAgainstTheSchema(Path file) throws IOException {
        Set<ValidationMessage> errors = schemaErrors(Files.readString(file));
        assertTrue(errors.isEmpty(), file + ": " + errors);
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void validatesThroughTheCommand(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"validate", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(file + ": ok ("), out.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void pointsEditorsAtTheSchema(Path file) throws IOException {
        assertTrue(Files.readString(file).startsWith("# yaml-language-server: $schema=./schema.json\n"));
    }

    @Test
    void schemaIsStrictToo() {
        assertFalse(schemaErrors("version: 1\nrules:\n  - name: a\n    require: { aprovals: 1 }\n").isEmpty());
        assertFalse(schemaErrors("version: 1\nrules:\n  - name: a\n    if: { provenance: [robot] }\n    require: { approvals: 1 }\n").isEmpty());
        assertFalse(schemaErrors("version: 2\nrules: []\n").isEmpty());
        String labels = "version: 1\nrules:\n  - name: a\n    hint: Remove the label once split.\n    require: { labels: ";
        assertTrue(schemaErrors(labels + "{ absent: [large-ai-change] } }\n").isEmpty());
        assertTrue(schemaErrors(labels + "{ present: [ok], absent: [wip] } }\n").isEmpty());
        assertTrue(schemaErrors(labels + "[ok] }\n").isEmpty());
        assertFalse(schemaErrors(labels + "{ abesnt: [x] } }\n").isEmpty());
        assertFalse(schemaErrors(labels + "{ } }\n").isEmpty());
        assertFalse(schemaErrors("version: 1\nrules:\n  - name: a\n    hint: \"\"\n    require: { approvals: 1 }\n").isEmpty());
        assertFalse(schemaErrors("version: 1\nrules:\n  - name: a\n    require: { approvals: { count: 1, exclude: [me] } }\n").isEmpty());
        assertTrue(schemaErrors(PolicyParserTest.ISSUE_EXAMPLE).isEmpty(), "the example validates against the schema");
    }

    @Test
    void schemaKnowsInvalidateOn() {
        for (String v : new String[]{"never", "push", "diff_change"}) {
            assertTrue(schemaErrors("version: 1\nrules:\n  - name: a\n    require: { approvals: { count: 1, invalidate_on: " + v
                    + " }, codeowners: { invalidate_on: " + v + " } }\n").isEmpty(), v);
        }
        assertFalse(schemaErrors("version: 1\nrules:\n  - name: a\n    require: { approvals: { invalidate_on: rebase } }\n").isEmpty());
    }

    @Test
    void defaultPolicyIsMildForPullRequestsWithoutAiMarkers() throws IOException {
        Evaluation e = PolicyTesting.evaluate(Files.readString(Path.of("policies/default.yml")), new Prs().file("src/A.java", 5000, 0));
        assertEquals(Verdict.SUCCESS, e.verdict());
        assertTrue(e.rules().stream().noneMatch(RuleResult::applied));
    }

    @Test
    void defaultPolicyAsksForAnIndependentApprovalOnAgentPullRequests() throws IOException {
        Prs pr = new Prs().file("src/A.java").commit("abc1234", Prs.bot("Copilot"),
                "fix\n\nCo-authored-by: alice <alice@users.noreply.github.com>");
        pr.author = new dev.aigate.snapshot.Actor("Copilot", 198982749, "Bot");
        pr.approve("alice");
        pr.permissions.put("alice", "admin");
        Evaluation e = PolicyTesting.evaluate(Files.readString(Path.of("policies/default.yml")), pr);
        RuleResult agent = e.rules().get(0);
        assertTrue(agent.applied(), agent.why());
        assertEquals(Status.PENDING, agent.status());
        assertEquals(new RequirementResult.Exclusion.CoAuthor("abc1234"), agent.requirements().get(0).excluded().get(0).why());
    }
}
