package dev.aigate.recovery;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aigate.github.GitHubClients;
import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.MutableClock;
import dev.aigate.queue.QueueSettings;
import dev.aigate.store.LeaseLock;
import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.aigate.recovery.HookDeliveriesFixture.item;
import static dev.aigate.recovery.HookDeliveriesFixture.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliverySweepTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path temp;

    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void start() {
        github.start();
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void redeliversOnlyWhatFailedAndWasNeverRecorded(String store) throws Exception {
        GitHubClients clients = HookDeliveriesFixture.clients(github.baseUrl(), temp.resolve("github"));
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = new JdbcWorkQueue(db.dataSource(), QueueSettings.defaults(), clock);
            queue.accept(new InboundDelivery("had-it", "pull_request", "opened", 123, NOW, 0), List.of());
            github.stubFor(get(urlPathEqualTo("/app/hook/deliveries")).willReturn(okJson(page(
                    item(10, "lost", NOW.minusSeconds(30), 502, false),
                    item(11, "lost", NOW.minusSeconds(20), 0, true),
                    item(12, "healed", NOW.minusSeconds(60), 500, false),
                    item(13, "healed", NOW.minusSeconds(50), 200, true),
                    item(14, "had-it", NOW.minusSeconds(40), 0, false),
                    item(15, "fine", NOW.minusSeconds(70), 200, false),
                    item(16, "ancient", NOW.minus(Duration.ofDays(2)), 502, false)))));
            github.stubFor(post(urlPathMatching("/app/hook/deliveries/\\d+/attempts"))
                    .willReturn(aResponse().withStatus(202).withBody("{}")));
            RecoverySettings settings = new RecoverySettings(Duration.ofMinutes(5), Duration.ofHours(6), 2);
            DeliverySweep sweep = new DeliverySweep(
                    new GitHubHookDeliveries(clients), queue,
                    new LeaseLock(db.dataSource(), clock), db.dataSource(), clock, settings, "replica-1");

            SweepResult first = sweep.sweep();
            assertTrue(first.ran());
            assertEquals(2, first.failed(), "lost and had-it never succeeded (ancient is outside the lookback)");
            assertEquals(1, first.alreadyHad());
            assertEquals(1, first.redelivered());
            github.verify(1, postRequestedFor(urlPathEqualTo("/app/hook/deliveries/11/attempts")));
            github.verify(1, postRequestedFor(urlPathMatching("/app/hook/deliveries/\\d+/attempts")));

            assertEquals(0, sweep.sweep().redelivered(), "not asked again within one interval");
            clock.advance(Duration.ofMinutes(6));
            assertEquals(1, sweep.sweep().redelivered(), "asked again after an interval");
            clock.advance(Duration.ofMinutes(6));
            SweepResult capped = sweep.sweep();
            assertEquals(0, capped.redelivered());
            assertEquals(1, capped.gaveUp(), "gives up after the redelivery limit");
            github.verify(2, postRequestedFor(urlPathMatching("/app/hook/deliveries/\\d+/attempts")));

            DeliverySweep otherReplica = new DeliverySweep(
                    new GitHubHookDeliveries(clients), queue,
                    new LeaseLock(db.dataSource(), clock), db.dataSource(), clock, settings, "replica-2");
            LeaseLock lock = new LeaseLock(db.dataSource(), clock);
            assertTrue(lock.tryAcquire(DeliverySweep.LEASE, "replica-1", Duration.ofMinutes(5)));
            assertFalse(otherReplica.sweep().ran(), "one replica sweeps at a time");
        } finally {
            clients.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void looksBackToTheLastSuccessButNeverPastGitHubsLimit(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            DeliverySweep sweep = new DeliverySweep(null, null, null, db.dataSource(), clock,
                    new RecoverySettings(Duration.ofMinutes(5), Duration.ofHours(6), 3), "x");
            assertEquals(NOW.minus(Duration.ofHours(6)), sweep.since(NOW, 0));
            assertEquals(NOW.minus(Duration.ofHours(6)), sweep.since(NOW, NOW.minusSeconds(300).toEpochMilli()));
            Instant lastSuccess = NOW.minus(Duration.ofHours(20));
            assertEquals(lastSuccess.minus(Duration.ofMinutes(10)), sweep.since(NOW, lastSuccess.toEpochMilli()));
            assertEquals(NOW.minus(Duration.ofDays(3)), sweep.since(NOW, NOW.minus(Duration.ofDays(9)).toEpochMilli()));
        }
    }
}
