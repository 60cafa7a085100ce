package dev.aigate.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.store.TestDatabases;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import dev.aigate.testing.ServerProcess;
import dev.aigate.testing.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real server processes on one PostgreSQL schema and one fake GitHub. Replica B evaluates pull request #2
 * under a policy that waits on no check; the policy then changes to one that requires {@code Octocoders-linter},
 * and replica A runs the re-evaluation. A finished {@code Octocoders-linter} check run delivered to B must then
 * be evaluated, not dropped at B's ingress as a check no policy watches: which checks matter is read from the
 * store, where A's evaluation recorded the new policy, not from what B last saw itself.
 *
 * <p>Which replica runs a job is the queue's choice; to make B run the first evaluation and A the second, the
 * other replica is stopped ({@code SIGSTOP}) meanwhile and continued after, so its worker cannot claim.
 */
class PolicyChangeAcrossServersTest {

    static final String SECRET = "policy-change-secret";
    static final String OLD_POLICY = Fixtures.text("policies/agents-need-review.yml");
    static final String NEW_POLICY = Fixtures.text("policies/agents-need-review-and-lint.yml");
    static final String HOST_A = "127.0.0.1";
    static final String HOST_B = "127.0.0.2";

    final FakeGitHub github = new FakeGitHub();
    final List<Process> servers = new ArrayList<>();
    TestDatabases.Db db;

    @AfterEach
    void stop() throws Exception {
        for (Process p : servers) {
            signal(p, "CONT");
            p.destroyForcibly().waitFor();
        }
        if (db != null) {
            db.close();
        }
        github.close();
    }

    @Test
    void aCheckNewlyRequiredByAPolicyChangeSeenOnlyByTheOtherReplicaIsEvaluated(@TempDir Path data) throws Exception {
        TestDatabases.requirePostgres();
        db = TestDatabases.postgres();
        Path key = data.resolve("key.pem");
        Files.writeString(key, Fixtures.text("keys/test-app.pkcs1.pem"));
        ObjectNode pr = github.pullRequest("Copilot", 198982749, "Bot");
        github.stubTypicalPullRequest(pr, OLD_POLICY);

        int portA = ServerProcess.freePort();
        int portB = ServerProcess.freePort();
        Process a = launch(data.resolve("a"), key, data.resolve("a.log"), portA, HOST_A);
        Process b = launch(data.resolve("b"), key, data.resolve("b.log"), portB, HOST_B);
        ServerProcess.awaitHealth("http://127.0.0.1:" + portA, a, data.resolve("a.log"));
        ServerProcess.awaitHealth("http://127.0.0.1:" + portB, b, data.resolve("b.log"));
        WebhookSender toA = new WebhookSender("http://127.0.0.1:" + portA, SECRET);
        WebhookSender toB = new WebhookSender("http://127.0.0.1:" + portB, SECRET);
        byte[] opened = Fixtures.bytes("github/webhooks/pull_request/opened.2.json");

        // 1. B evaluates #2 under the old policy (A stopped, so it cannot take the job).
        signal(a, "STOP");
        assertEquals(202, toB.send("pull_request", opened).statusCode());
        github.awaitCompletions(1, Duration.ofSeconds(60));
        awaitIdle(Duration.ofSeconds(30));
        assertEquals(0, evaluationsBy(HOST_A), "A took no part so far");
        signal(a, "CONT");

        // 2. The policy changes; A re-evaluates #2 under it (B stopped).
        signal(b, "STOP");
        github.stubRepoPolicy(NEW_POLICY);
        assertEquals(202, toA.send("pull_request", opened).statusCode());
        github.awaitCompletions(2, Duration.ofSeconds(60));
        awaitIdle(Duration.ofSeconds(30));
        assertTrue(evaluationsBy(HOST_A) >= 1, "A ran the re-evaluation under the new policy");
        signal(b, "CONT");

        // 3. The newly required check finishes; GitHub happens to deliver it to B.
        ObjectNode checkRun = Fixtures.webhook("check_run", "completed.1");
        checkRun.putObject("installation").put("id", FakeGitHub.INSTALLATION);
        assertEquals("Octocoders-linter", checkRun.path("check_run").path("name").asText());
        int before = evaluations();
        HttpResponse<String> answer = toB.send("check_run", Fixtures.toBytes(checkRun));
        assertEquals(202, answer.statusCode(), answer.body());
        assertFalse(answer.body().contains("watches"), "B must not drop the check the new policy waits on: " + answer.body());
        github.awaitEvaluations(2, before + 1, Duration.ofSeconds(60));
    }

    private Process launch(Path dataDir, Path key, Path log, int port, String githubHost) throws Exception {
        Map<String, String> env = ServerProcess.environment("http://" + githubHost + ":" + github.server().port(), key,
                SECRET, dataDir, port);
        env.put("AIGATE_DATABASE_URL", db.url());
        env.put("AIGATE_DATABASE_USER", TestDatabases.PG_USER);
        env.put("AIGATE_QUEUE_WORKER_ENABLED", "true");
        env.put("AIGATE_QUEUE_COALESCE_WINDOW", "200ms");
        Process p = ServerProcess.start(env, log);
        servers.add(p);
        return p;
    }

    /** Evaluations of #2 (each reads the pull request once) made by one replica. */
    private long evaluationsBy(String host) {
        return github.requests(r -> isPullRead(r) && host.equals(r.getHost())).size();
    }

    private int evaluations() {
        return github.requests(PolicyChangeAcrossServersTest::isPullRead).size();
    }

    private static boolean isPullRead(LoggedRequest r) {
        return r.getMethod().getName().equals("GET") && r.getUrl().equals("/repos/" + FakeGitHub.REPO + "/pulls/2");
    }

    /** Waits until no work is running or due: every work row idle, its newest event covered. */
    private void awaitIdle(Duration timeout) {
        String sql = "SELECT COUNT(*) FROM aigate_work WHERE state <> 'idle' OR claimed_generation <> generation";
        eventually("work settled").atMost(timeout).until(() -> {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    /** Stops or continues a server process ({@code kill -STOP}, {@code kill -CONT}). */
    private static void signal(Process p, String signal) throws Exception {
        if (p.isAlive()) {
            int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            assertEquals(0, rc, "kill -" + signal);
        }
    }
}
