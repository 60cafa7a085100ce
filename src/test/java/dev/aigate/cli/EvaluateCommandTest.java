package dev.aigate.cli;

import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateCommandTest {

    final FakeGitHub github = new FakeGitHub();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        github.close();
    }

    int run(Map<String, String> env, String... args) {
        return new EvaluateCommand(env).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsWhatItWouldPostAndWritesNothing(@TempDir Path dir) throws IOException {
        Path policy = dir.resolve("ai-gate.yml");
        Files.writeString(policy, Fixtures.text("policies/agents-need-review.yml"));
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), null);
        github.removeGetStubs("/repos/" + FakeGitHub.REPO + "/contents/.github/ai-gate.yml");

        int code = run(Map.of("AIGATE_GITHUB_API_URL", github.url(), "GITHUB_TOKEN", "ghp_dryrun",
                "AIGATE_DATA_DIR", dir.toString()), "--policy", policy.toString(), "--pr",
                FakeGitHub.REPO + "#2");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("conclusion: failure"), printed);
        assertTrue(printed.contains("Needs 1 more approval"), printed);
        assertTrue(printed.contains("**agent**"), printed);
        assertEquals(List.of(), github.requests(r -> !r.getMethod().getName().equals("GET")), "a dry run writes nothing");
        assertEquals(List.of(), github.unmatched(), "the policy comes from the file, not from GitHub");
        github.server().verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/repos/" + FakeGitHub.REPO + "/pulls/2"))
                .withHeader("Authorization", equalTo("token ghp_dryrun")));
    }

    @Test
    void explainsBadArguments(@TempDir Path dir) {
        assertEquals(2, run(Map.of(), "--pr", "acme/app#1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
        assertEquals(2, run(Map.of(), "--policy", dir.resolve("missing.yml").toString(), "--pr", "acme/app#1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such policy file"));
        assertEquals(2, run(Map.of(), "--policy", "x.yml", "--pr", "acme-app-1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("owner/repo#N"));
    }

    @Test
    void saysWhichCredentialsAreMissing(@TempDir Path dir) throws IOException {
        Path policy = dir.resolve("p.yml");
        Files.writeString(policy, "version: 1\nrules: []\n");
        assertEquals(3, run(Map.of("AIGATE_GITHUB_API_URL", github.url(), "AIGATE_DATA_DIR", dir.toString()),
                "--policy", policy.toString(), "--pr", "acme/app#1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("GITHUB_TOKEN"), err.toString(StandardCharsets.UTF_8));
    }
}
