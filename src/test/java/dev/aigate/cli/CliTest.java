package dev.aigate.cli;

import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it: typos, help, version, and messages that say what is missing. */
class CliTest {

    final FakeGitHub github = new FakeGitHub();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        github.close();
    }

    int cli(String... args) {
        out.reset();
        err.reset();
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The real entry point in a process of its own, in {@code dir}, with exactly {@code env} added. */
    record Ran(int code, String out, String err) {
    }

    static Ran process(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ServerProcess.javaBin()));
        command.addAll(ServerProcess.JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.aigate.Application"));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AIGATE_") || k.startsWith("MICRONAUT_") || k.equals("GITHUB_TOKEN"));
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("still running after 60 s (a server?):\n" + Files.readString(stdout) + Files.readString(stderr));
        }
        return new Ran(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    @Test
    void aMisspeltCommandExitsTwoWithASuggestionAndStartsNoServer(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        int port = ServerProcess.freePort();
        Ran typo = process(dir, Map.of("AIGATE_DATA_DIR", data.toString(), "MICRONAUT_SERVER_PORT", Integer.toString(port)),
                "valdiate", "x.yml");
        assertEquals(2, typo.code(), typo.out() + typo.err());
        assertTrue(typo.err().contains("unknown command 'valdiate'; did you mean 'validate'?"), typo.err());
        assertFalse(Files.exists(data), "no server ran: it would have created its data directory");
        assertFalse(typo.out().contains("serving"), typo.out());

        Ran version = process(dir, Map.of("AIGATE_DATA_DIR", data.toString()), "--version");
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().matches("ai-gate \\d+\\.\\d+\\.\\d+\\S*\\R"), version.out());
        assertFalse(Files.exists(data));
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertEquals(2, cli("serve-please"));
        assertTrue(err().contains("unknown command 'serve-please'"), err());
        assertTrue(err().contains("validate, evaluate"), "lists the commands: " + err());
        assertEquals(2, cli("helth"));
        assertTrue(err().contains("did you mean 'health'?"), err());
        assertEquals(2, cli("--versoin"));
        assertTrue(err().contains("did you mean 'version'?"), err());
        assertEquals(2, cli("health", "--bogus"));
        assertTrue(err().contains("health: Unknown option: '--bogus'"), err());
        assertTrue(err().contains("usage: java -jar ai-gate.jar health"), err());
    }

    @Test
    void everyCommandHasHelpThatExitsZero() {
        for (String command : List.of("validate", "evaluate", "redeliver", "reevaluate", "parked", "backup", "health", "action", "version")) {
            assertEquals(0, cli(command, "--help"), command + ": " + err());
            assertTrue(out().startsWith("Usage: java -jar ai-gate.jar " + command), command + ": " + out());
            assertEquals(0, cli("help", command), command + ": " + err());
            assertTrue(out().startsWith("Usage: java -jar ai-gate.jar " + command), command + ": " + out());
        }
        assertEquals(0, cli("--help"));
        assertTrue(out().contains("Without arguments: start the server."), out());
    }

    @Test
    void versionPrintsTheBuildsVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String expected = pom.replaceFirst("(?s).*?<artifactId>ai-gate</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertEquals(0, cli("version"));
        assertEquals("ai-gate " + expected, out().strip());
        assertEquals(0, cli("--version"));
        assertEquals("ai-gate " + expected, out().strip());
        assertEquals(0, cli("evaluate", "--version"));
        assertEquals("ai-gate " + expected, out().strip());
    }

    @Test
    void evaluateSaysWhichOptionIsMissing(@TempDir Path dir) {
        assertEquals(2, cli("evaluate", "--policy", dir.resolve("p.yml").toString()));
        assertTrue(err().contains("Missing required option: '--pr=owner/repo#N'"), err());
        assertTrue(err().contains("usage: java -jar ai-gate.jar evaluate --policy FILE --pr owner/repo#N"), err());
        assertTrue(err().contains("java -jar ai-gate.jar evaluate --help"), err());
    }

    @Test
    void parkedSaysTheAdminTokenComesFromTheWebhookSecret(@TempDir Path dir) {
        int code = new ParkedCommand(Map.of("AIGATE_DATA_DIR", dir.toString())).run(List.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err().contains("AIGATE_ADMIN_TOKEN"), err());
        assertTrue(err().contains("AIGATE_WEBHOOK_SECRET"), "says where the default token comes from: " + err());
        assertEquals(0, cli("parked", "--help"));
        assertTrue(out().replaceAll("\\s+", " ").contains("derives from the webhook secret"), out());
    }

    @Test
    void evaluateAsTheAppNeedsNoWebhookSecret(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("ai-gate.yml");
        Files.writeString(policy, Fixtures.text("policies/agents-need-review.yml"));
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), null);
        github.stubGet("/repos/" + FakeGitHub.REPO + "/installation", 200, "application/json", "{\"id\":4242}");

        int code = new EvaluateCommand(Map.of("AIGATE_GITHUB_API_URL", github.url(), "AIGATE_APP_ID", "12345",
                "AIGATE_PRIVATE_KEY_FILE", key.toString(), "AIGATE_DATA_DIR", dir.resolve("data").toString()))
                .run(List.of("--policy", policy.toString(), "--pr", FakeGitHub.REPO + "#2"),
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, code, err());
        assertTrue(out().contains("conclusion: failure"), out());
        github.server().verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/app/installations/4242/access_tokens")));
    }

    /** The README's first thing to try: only GITHUB_TOKEN, no App, no data directory, no log noise. */
    @Test
    void evaluateWithOnlyAGitHubTokenAgainstAPublicPullRequest(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("ai-gate.yml");
        Files.writeString(policy, Fixtures.text("policies/agents-need-review.yml"));
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), null);
        Path cwd = Files.createDirectories(dir.resolve("cwd"));

        Ran ran = process(cwd, Map.of("GITHUB_TOKEN", "ghp_public", "AIGATE_GITHUB_API_URL", github.url()),
                "evaluate", "--policy", policy.toString(), "--pr", FakeGitHub.REPO + "#2");

        assertEquals(0, ran.code(), ran.out() + ran.err());
        assertTrue(ran.out().startsWith("ai-gate would post on " + FakeGitHub.REPO + "#2"), ran.out());
        assertTrue(ran.out().contains("conclusion: failure"), ran.out());
        assertFalse(ran.out().contains(" INFO "), "a dry run prints its answer, not the log: " + ran.out());
        assertEquals("", ran.err());
        try (var left = Files.list(cwd)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().matches("(out|err).*\\.txt")).toList(),
                    "a dry run leaves nothing behind (no ./data)");
        }
        assertEquals(List.of(), github.requests(r -> !r.getMethod().getName().equals("GET")), "a dry run writes nothing");
    }
}
