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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dry run prints both verdicts: the conclusion it would post and the one enforcing every rule would give. */
class EvaluateObserveModeTest {

    final FakeGitHub github = new FakeGitHub();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        github.close();
    }

    private String dryRun(Path dir, String policyText, Map<String, String> moreEnv) throws IOException {
        Path policy = dir.resolve("ai-gate.yml");
        Files.writeString(policy, policyText);
        github.stubTypicalPullRequest(github.pullRequest("Copilot", 198982749, "Bot"), null);
        github.removeGetStubs("/repos/" + FakeGitHub.REPO + "/contents/.github/ai-gate.yml");
        Map<String, String> env = new HashMap<>(Map.of("AIGATE_GITHUB_API_URL", github.url(), "GITHUB_TOKEN", "ghp_dryrun",
                "AIGATE_DATA_DIR", dir.toString()));
        env.putAll(moreEnv);
        int code = new EvaluateCommand(env).run(List.of("--policy", policy.toString(), "--pr", FakeGitHub.REPO + "#2"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anObservedPolicyPrintsTheNeutralConclusionAndTheOneItWouldGive(@TempDir Path dir) throws IOException {
        String printed = dryRun(dir, Fixtures.text("policies/agents-need-review.yml")
                .replace("version: 1\n", "version: 1\nmode: observe\n"), Map.of());
        assertTrue(printed.contains("\nconclusion: neutral\nmode: observe\nwould conclude: failure (if every rule were enforced)\n"
                + "title: Observe mode · would block: needs 1 more approval"), printed);
    }

    @Test
    void theServerDefaultModeIsHonoured(@TempDir Path dir) throws IOException {
        String printed = dryRun(dir, Fixtures.text("policies/agents-need-review.yml"), Map.of("AIGATE_DEFAULT_MODE", "observe"));
        assertTrue(printed.contains("\nconclusion: neutral\nmode: observe\nwould conclude: failure"), printed);
    }

    @Test
    void anEnforcedPolicyPrintsEqualVerdicts(@TempDir Path dir) throws IOException {
        String printed = dryRun(dir, Fixtures.text("policies/agents-need-review.yml"), Map.of());
        assertTrue(printed.contains("\nconclusion: failure\nmode: enforce\nwould conclude: failure"), printed);
    }
}
