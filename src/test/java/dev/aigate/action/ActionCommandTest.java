package dev.aigate.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.cli.ActionCommand;
import dev.aigate.cli.Cli;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The action command's refusals, in process: a misconfigured step exits 2 before calling GitHub. */
class ActionCommandTest {

    final FakeGitHub github = new FakeGitHub();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        github.close();
    }

    int run(Map<String, String> env) {
        return new ActionCommand(env).run(List.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    Map<String, String> env(Path dir, String... pairs) throws Exception {
        Path event = dir.resolve("event.json");
        Files.write(event, Fixtures.toBytes(Fixtures.webhook("pull_request", "opened.2")));
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_EVENT_NAME", "pull_request", "GITHUB_EVENT_PATH", event.toString(),
                "INPUT_GITHUB_TOKEN", "ghs_job", "GITHUB_API_URL", github.url(), "RUNNER_TEMP", dir.toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void isRegisteredWithTheOtherCommands() {
        assertTrue(Cli.isCommand("action"));
        Cli.usage(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("ai-gate.jar action "), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outsideARunnerItSaysWhatIsMissing() {
        assertEquals(2, run(Map.of()));
        assertTrue(errors().contains("GITHUB_EVENT_NAME and GITHUB_EVENT_PATH"), errors());
    }

    @Test
    void refusesAnUnknownModeAnUnsafePolicyPathNoTokenAndABrokenPayload(@TempDir Path dir) throws Exception {
        assertEquals(2, run(env(dir, "INPUT_MODE", "advisory")));
        assertTrue(errors().contains("mode must be check-run or job-status, not 'advisory'"), errors());
        for (String path : List.of("../secrets.yml", "/etc/passwd", ".github/../../x.yml", "a b.yml")) {
            err.reset();
            assertEquals(2, run(env(dir, "INPUT_POLICY", path)), path);
            assertTrue(errors().contains("policy must be a relative path inside the repository"), errors());
        }
        err.reset();
        Map<String, String> noToken = env(dir);
        noToken.remove("INPUT_GITHUB_TOKEN");
        assertEquals(2, run(noToken));
        assertTrue(errors().contains("set the github-token input"), errors());
        err.reset();
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"action\": \"opened\", ");
        assertEquals(2, run(env(dir, "GITHUB_EVENT_PATH", broken.toString())));
        assertTrue(errors().contains("cannot read the event payload"), errors());
        assertEquals(List.of(), github.apiRequests(), "nothing is called for a misconfigured step");
    }

    @Test
    void refusesAnUnknownDefaultModeAndAnUnusableSignalsFile(@TempDir Path dir) throws Exception {
        assertEquals(2, run(env(dir, "AIGATE_DEFAULT_MODE", "advisory")));
        assertTrue(errors().contains("AIGATE_DEFAULT_MODE: mode must be observe or enforce, got 'advisory'"), errors());
        err.reset();
        assertEquals(2, run(env(dir, "AIGATE_SIGNALS_FILE", dir.resolve("nope.yml").toString())));
        assertTrue(errors().contains("nope.yml:1:1: cannot be read (AIGATE_SIGNALS_FILE)"), errors());
        err.reset();
        Path invalid = Files.writeString(dir.resolve("bad.yml"), "catalogue_name: acme\nlabels: 7\n");
        assertEquals(2, run(env(dir, "AIGATE_SIGNALS_FILE", invalid.toString())));
        assertTrue(errors().contains("bad.yml:"), errors());
        assertEquals(List.of(), github.apiRequests(), "nothing is called for a misconfigured step");
    }

    @Test
    void judgesWithTheStepsDefaultModeAndSignalsFileAsTheAppDoes(@TempDir Path dir) throws Exception {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"),
                Fixtures.text("policies/agents-need-review.yml"));
        Path signals = Files.writeString(dir.resolve("acme.yml"), "catalogue_name: acme\ncatalogue_version: \"3\"\n"
                + "labels:\n  - { id: label.acme-ai, names: [acme-ai], source: in-house }\n");
        assertEquals(0, run(env(dir, "AIGATE_DEFAULT_MODE", "observe", "AIGATE_SIGNALS_FILE", signals.toString())), errors());
        List<JsonNode> created = github.requests(q -> q.getMethod().getName().equals("POST") && q.getUrl().endsWith("/check-runs"))
                .stream().map(q -> Fixtures.parse(q.getBodyAsString())).toList();
        assertEquals(1, created.size(), created.toString());
        assertEquals("neutral", created.get(0).path("conclusion").asText(),
                "a policy that sets no mode is observed: it says what it would decide and blocks nothing");
        String text = created.get(0).path("output").toString();
        assertTrue(text.contains(SignalCatalogue.builtIn().version() + " + acme 3"), "the operator's signals are used: " + text);
    }
}
