package dev.aigate.action;

import dev.aigate.github.PolicyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/action/action.yml, its fetch script, and the workflow docs/action.md gives users. */
class ActionDefinitionTest {

    @Test
    void actionYmlMapsEveryInputTheJarReads() {
        Map<String, Object> action = ActionDefinition.action();
        assertEquals("composite", ((Map<?, ?>) action.get("runs")).get("using"));
        Map<String, Object> inputs = ActionDefinition.inputs();
        assertEquals(Set.of("policy", "github-token", "mode", "jar-url"), inputs.keySet());
        assertEquals(PolicyResolver.REPO_POLICY_PATH, ((Map<?, ?>) inputs.get("policy")).get("default"));
        assertEquals("${{ github.token }}", ((Map<?, ?>) inputs.get("github-token")).get("default"));
        assertEquals(ActionInputs.Mode.CHECK_RUN.input, ((Map<?, ?>) inputs.get("mode")).get("default"));

        Map<String, String> mapped = new TreeMap<>();
        ((Map<?, ?>) ActionDefinition.jarStep().get("env")).forEach((k, v) -> {
            if (String.valueOf(k).startsWith("INPUT_")) {
                mapped.put(String.valueOf(v), String.valueOf(k));
            }
        });
        Map<String, String> expected = new TreeMap<>();
        ActionInputs.INPUT_ENV.forEach((input, env) -> expected.put("${{ inputs." + input + " }}", env));
        assertEquals(expected, mapped, "each input reaches the jar under the variable ActionInputs reads");
        String run = String.valueOf(ActionDefinition.jarStep().get("run"));
        assertTrue(run.matches("java .*-jar \"\\$AIGATE_JAR\" action"), run);
        assertEquals("bash", ActionDefinition.jarStep().get("shell"));
    }

    @Test
    void actionSetsUpJavaAndFetchesTheReleasedJarWithoutBuilding() {
        List<Map<String, Object>> steps = ActionDefinition.steps();
        assertTrue(String.valueOf(steps.get(0).get("uses")).startsWith("actions/setup-java@"), steps.toString());
        assertEquals("17", ((Map<?, ?>) steps.get(0).get("with")).get("java-version"));
        Map<String, Object> fetch = steps.get(1);
        assertEquals("bash \"$GITHUB_ACTION_PATH/fetch-jar.sh\"", fetch.get("run"));
        assertEquals("${{ inputs.jar-url }}", ((Map<?, ?>) fetch.get("env")).get("AIGATE_JAR_URL"));
        assertTrue(Files.isRegularFile(ActionDefinition.ACTION.resolveSibling("fetch-jar.sh")));
        assertFalse(steps.toString().contains("mvnw"), "nothing is built in the user's repository");
        assertEquals(3, steps.size(), steps.toString());
    }

    @Test
    void docsWorkflowUsesTheActionWithHandledTriggersAndOnlyTheNeededPermissions() {
        Map<String, Object> workflow = ActionDefinition.docWorkflow();
        Map<String, Object> step = ActionDefinition.gateStep(workflow);
        assertTrue(String.valueOf(step.get("uses")).matches("[A-Za-z0-9-]+/ai-gate/deploy/action@v1"), step.toString());
        if (step.get("with") instanceof Map<?, ?> with) {
            assertTrue(ActionDefinition.inputs().keySet().containsAll(((Map<String, ?>) with).keySet()), with.toString());
        }
        assertEquals(Map.of("checks", "write", "pull-requests", "read", "contents", "read"), workflow.get("permissions"));

        Map<String, Object> triggers = ActionDefinition.triggers(workflow);
        assertTrue(ActionEvent.SUPPORTED.containsAll(triggers.keySet()), triggers.toString());
        assertTrue(triggers.containsKey("pull_request_target"), "the documented default trigger");
        assertEquals(new HashSet<>(ActionEvent.PULL_REQUEST_ACTIONS),
                new HashSet<>((List<?>) ((Map<?, ?>) triggers.get("pull_request_target")).get("types")));
        assertEquals(new HashSet<>(ActionEvent.REVIEW_ACTIONS),
                new HashSet<>((List<?>) ((Map<?, ?>) triggers.get("pull_request_review")).get("types")));
        assertEquals(List.of("completed"), ((Map<?, ?>) triggers.get("workflow_run")).get("types"));
        assertFalse(workflow.toString().contains("actions/checkout"),
                "under pull_request_target the job must never check out the pull request");
        ((Map<?, ?>) workflow.get("jobs")).keySet().forEach(job -> assertNotEquals("ai-gate", job,
                "a job named ai-gate would put a second ai-gate check on the commit"));
    }

    @Test
    void fetchScriptNamesTheJarItFetchedAndExplainsAFailure(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("released.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4});
        Path output = dir.resolve("output");
        Path actionPath = Files.createDirectories(dir.resolve("_actions/OWNER/ai-gate/v1/deploy/action"));
        Map<String, String> env = Map.of("GITHUB_OUTPUT", output.toString(), "RUNNER_TOOL_CACHE", dir.resolve("tools").toString(),
                "GITHUB_ACTION_PATH", actionPath.toString(), "AIGATE_JAR_URL", jar.toUri().toString(), "PATH", System.getenv("PATH"));
        assertEquals(0, fetch(env, dir), Files.readString(dir.resolve("fetch.log")));
        Path fetched = dir.resolve("tools/ai-gate/v1/ai-gate.jar");
        assertEquals("jar=" + fetched + "\n", Files.readString(output), "the ref comes from GITHUB_ACTION_PATH");
        assertEquals(4, Files.size(fetched));

        Map<String, String> missing = new java.util.HashMap<>(env);
        missing.put("AIGATE_JAR_URL", dir.resolve("no-such.jar").toUri().toString());
        assertEquals(2, fetch(missing, dir));
        String log = Files.readString(dir.resolve("fetch.log"));
        assertTrue(log.contains("Pin the action to a release tag") && log.contains("jar-url"), log);
    }

    private static int fetch(Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", ActionDefinition.ACTION.resolveSibling("fetch-jar.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("fetch.log").toFile());
        b.environment().clear();
        b.environment().putAll(env);
        Process p = b.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void theReleasePublishesTheAssetTheFetchScriptDownloads() throws Exception {
        String release = Files.readString(Path.of(".github/workflows/release.yml"), StandardCharsets.UTF_8);
        String fetch = Files.readString(ActionDefinition.ACTION.resolveSibling("fetch-jar.sh"), StandardCharsets.UTF_8);
        assertTrue(fetch.contains("/releases/download/$ref/ai-gate.jar"), "the default download");
        assertTrue(release.contains("gh release create \"$TAG\" ai-gate.jar"), "on the version's release");
        assertTrue(release.contains("gh release upload \"$major\" ai-gate.jar --clobber"), "and on the major tag's");
        assertTrue(release.contains("bash .ci/run"), "only a tested jar is released");
    }

    @Test
    void docsListTheDistributionChoiceAndStartUpFigure() throws Exception {
        String doc = Files.readString(ActionDefinition.DOC, StandardCharsets.UTF_8);
        assertTrue(doc.contains("## Distribution: why a composite action"), "the choice is justified");
        assertTrue(doc.contains("### Start-up") && doc.contains("load average"), "the measured figure, with the load");
        assertTrue(doc.contains("## What differs from App mode"));
    }
}
