package dev.aigate.testing;

import dev.aigate.queue.MutableClock;
import dev.aigate.queue.QueueWorkerService;
import dev.aigate.queue.WorkQueue;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Boots the real server against a {@link FakeGitHub} and sends it signed deliveries. Subclasses
 * carry {@code @MicronautTest}. Any request the fake does not expect fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EndToEndTestBase implements TestPropertyProvider {

    public static final String SECRET = "It's a Secret to Everybody";
    public static final String APP_ID = "12345";
    public static final String POLICY = Fixtures.text("policies/agents-need-review.yml");
    public static final long COPILOT_ID = 198982749;

    protected final FakeGitHub github = newFakeGitHub();

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected ApplicationContext context;

    protected WebhookSender webhooks;

    /** The fake the server is pointed at; a subclass may serve it under a base path ({@link FakeGitHub#underPath}). */
    protected FakeGitHub newFakeGitHub() {
        return new FakeGitHub();
    }

    /** Extra server properties for a subclass. */
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            Path data = Files.createTempDirectory("aigate-e2e");
            Path defaultPolicy = data.resolve("default-policy.yml");
            Files.writeString(defaultPolicy, POLICY);
            Map<String, String> properties = new HashMap<>(Map.of(
                    "aigate.github.api-url", github.url(),
                    "aigate.github.app-id", APP_ID,
                    "aigate.github.private-key", Fixtures.text("keys/test-app.pkcs1.pem"),
                    "aigate.github.webhook-secret", SECRET,
                    "aigate.data-dir", data.toString(),
                    "aigate.default-policy", defaultPolicy.toString(),
                    // The missed-delivery sweep would call the fake GitHub on its own schedule.
                    "aigate.recovery.enabled", "false",
                    // However busy the machine, an evaluation is "quick": one write, no in-progress run first
                    // (SlowEvaluationEndToEndTest sets its own threshold).
                    "aigate.check-run.in-progress-after", "60s"));
            properties.putAll(moreProperties(data));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startScenario() {
        github.reset();
        webhooks = new WebhookSender(server.getURL().toString(), SECRET);
    }

    /**
     * Waits until the queue holds no work at all and the worker runs nothing: every accepted delivery has been
     * evaluated and nothing more is scheduled, so whatever has not happened by now will not happen. This is how
     * a test proves absence (no second evaluation, no GitHub call), instead of sleeping.
     */
    /**
     * Delivers {@code opened.2.json} for a typical pull request (with {@code policy}, null for the server's default)
     * whose {@code path} under the repository always answers 500, and waits until its job is parked.
     */
    protected void deliverUntilParked(String path, String policy) throws IOException, InterruptedException {
        github.stubTypicalPullRequest(github.pullRequest("Copilot", COPILOT_ID, "Bot"), policy);
        github.stub(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/repos/" + FakeGitHub.REPO + path))
                .atPriority(1).willReturn(FakeGitHub.json(500, "{\"message\":\"Server Error\"}")));
        webhooks.send("pull_request", Fixtures.bytes("github/webhooks/pull_request/opened.2.json"));
        WorkQueue queue = context.getBean(WorkQueue.class);
        eventually("the job is parked").until(() -> queue.stats().parked() >= 1);
    }

    protected void awaitQueueEmpty() {
        WorkQueue queue = context.getBean(WorkQueue.class);
        eventually("the queue is empty and the worker idle").until(() -> queue.stats().depth() == 0 && workerIdle());
    }

    /**
     * Waits until nothing runs and nothing is due now; work waiting out a backoff or a rate limit may remain (a
     * test that leaves such work behind must not wait for it).
     */
    protected void awaitNothingDue() {
        DataSource dataSource = context.findBean(DataSource.class).orElse(null);
        if (dataSource == null || context.findBean(QueueWorkerService.class).isEmpty()) {
            return; // no store, or no worker to run what is due
        }
        java.time.Clock clock = context.findBean(java.time.Clock.class).orElse(java.time.Clock.systemUTC());
        eventually("nothing running or due").until(() -> dueOrRunning(dataSource, clock.millis()) == 0 && workerIdle());
    }

    /**
     * Moves {@code clock} (the server's, a {@code @MockBean}) by {@code step} at a time, each once nothing is running
     * or due, until {@code done} or the clock reaches {@code until}: time passes on the server's clock, not the wall.
     */
    protected void passTime(MutableClock clock, Duration step, Instant until, BooleanSupplier done) {
        while (clock.instant().isBefore(until) && !done.getAsBoolean()) {
            awaitNothingDue();
            clock.advance(step);
        }
    }

    /**
     * The queue's rows as one line each (key, state, attempts, due in ms on the server's clock, last error), for a
     * failure message that says where the work stands.
     */
    protected String describeWork() {
        DataSource dataSource = context.findBean(DataSource.class).orElse(null);
        if (dataSource == null) {
            return "no store";
        }
        long now = context.findBean(java.time.Clock.class).orElse(java.time.Clock.systemUTC()).millis();
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_key, state, attempts, run_after, last_error FROM aigate_work");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.append(String.format("%n  %s %s attempts=%d due_in=%dms last_error=%s", rs.getString(1),
                        rs.getString(2), rs.getInt(3), rs.getLong(4) - now, rs.getString(5)));
            }
        } catch (SQLException e) {
            return "work unreadable: " + e;
        }
        return out.length() == 0 ? "no work rows" : out.toString();
    }

    private boolean workerIdle() {
        return context.findBean(QueueWorkerService.class).map(s -> s.worker().inFlight() == 0).orElse(true);
    }

    private static long dueOrRunning(DataSource dataSource, long now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM aigate_work"
                     + " WHERE state = 'running' OR (state = 'pending' AND run_after <= ?)")) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @AfterEach
    void noUnexpectedCalls() {
        awaitNothingDue();
        assertEquals(List.of(), github.unmatched().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList(),
                "requests the fake GitHub did not expect");
    }
}
