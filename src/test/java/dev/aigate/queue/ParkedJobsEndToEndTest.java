package dev.aigate.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.UnjudgedCheckRun;
import dev.aigate.cli.ParkedCommand;
import dev.aigate.testing.EndToEndTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job that runs out of attempts is parked, listed for operators, and can be retried. */
@MicronautTest
class ParkedJobsEndToEndTest extends EndToEndTestBase {

    @Inject
    WorkQueue queue;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.queue.max-attempts", "2", "aigate.queue.backoff-base", "100ms",
                "aigate.queue.poll-interval", "50ms");
    }

    private int cli(Map<String, String> env, StringBuilder output, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new ParkedCommand(env).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        output.append(out.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void aJobThatRunsOutOfAttemptsIsListedAndCanBeRetried() throws Exception {
        deliverUntilParked("/pulls/2", POLICY);
        assertEquals(1, queue.stats().parked(), "parked after two failed attempts");

        Map<String, String> env = Map.of("AIGATE_WEBHOOK_SECRET", SECRET,
                "AIGATE_DATA_DIR", Files.createTempDirectory("cli").toString());
        String url = server.getURL().toString();
        StringBuilder listing = new StringBuilder();
        assertEquals(0, cli(env, listing, "--server", url), listing.toString());
        assertTrue(listing.toString().contains("Codertocat/Hello-World#2  attempts 2"), listing.toString());
        assertTrue(listing.toString().contains("500"), "the last error says why: " + listing);

        StringBuilder refused = new StringBuilder();
        assertEquals(1, cli(Map.of("AIGATE_ADMIN_TOKEN", "wrong"), refused, "--server", url));
        assertTrue(refused.toString().contains("401"), refused.toString());

        github.server().removeStub(github.server().getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == 1).findFirst().orElseThrow());
        StringBuilder retried = new StringBuilder();
        assertEquals(0, cli(env, retried, "--retry", "Codertocat/Hello-World#2", "--server", url), retried.toString());
        assertEquals("failure", github.awaitCompletions(1, Duration.ofSeconds(20)).get(0).path("conclusion").asText(),
                "the retried job ran to a verdict");
        assertEquals(0, queue.stats().parked());

        StringBuilder unknown = new StringBuilder();
        assertEquals(1, cli(env, unknown, "--retry", "acme/none#1", "--server", url));
        assertTrue(unknown.toString().contains("no parked job"), unknown.toString());
    }

    @Test
    void aParkedPullRequestsCheckRunFailsClosedAndSaysWhy() throws Exception {
        deliverUntilParked("/pulls/2/files", POLICY);

        List<JsonNode> completed = github.awaitCompletions(1, Duration.ofSeconds(20));
        assertEquals(1, completed.size(), completed.toString());
        JsonNode run = completed.get(0);
        assertEquals("failure", run.path("conclusion").asText(), "fails closed: " + run);
        assertEquals(UnjudgedCheckRun.TITLE, run.path("output").path("title").asText());
        String summary = run.path("output").path("summary").asText();
        assertTrue(summary.contains("500"), "the last error says why: " + summary);
        assertTrue(summary.contains("failed 2 times") && summary.contains("parked --retry"), summary);
        awaitQueueEmpty();
        assertEquals(1, github.completions().size(), "one write, nothing after it: " + github.completions());
    }
}
