package dev.aigate.recovery;

import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.store.LeaseLock;
import dev.aigate.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Lists the App's recent webhook deliveries and asks GitHub to redeliver each one that never succeeded and that
 * we have not recorded. One replica at a time (a lease in the store); a GUID is redelivered at most
 * {@link RecoverySettings#maxRedeliveries()} times, and not again within one sweep interval.
 *
 * <p>Every non-2xx attempt counts as failed, including 4xx: a 401 after a webhook secret rotation is worth a
 * retry once the secret is right, and the redelivery cap bounds the cost of hopeless ones.
 */
public class DeliverySweep {

    private static final Logger LOG = LoggerFactory.getLogger(DeliverySweep.class);
    static final String LEASE = "delivery-sweep";

    private final HookDeliveries github;
    private final JdbcWorkQueue inbox;
    private final LeaseLock lock;
    private final DataSource dataSource;
    private final Clock clock;
    private final RecoverySettings settings;
    private final String owner;

    public DeliverySweep(HookDeliveries github, JdbcWorkQueue inbox, LeaseLock lock, DataSource dataSource,
                         Clock clock, RecoverySettings settings, String owner) {
        this.github = github;
        this.inbox = inbox;
        this.lock = lock;
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
    }

    /** Runs one sweep if this replica gets the lease. */
    public SweepResult sweep() throws IOException {
        if (!lock.tryAcquire(LEASE, owner, settings.interval().plusMinutes(5))) {
            return SweepResult.SKIPPED;
        }
        boolean ok = false;
        try {
            SweepResult result = sweepHoldingLease();
            ok = true;
            if (result.redelivered() > 0 || result.gaveUp() > 0) {
                LOG.info("Delivery sweep: {}", result);
            }
            return result;
        } finally {
            lock.release(LEASE, owner, ok);
        }
    }

    private SweepResult sweepHoldingLease() throws IOException {
        Instant now = clock.instant();
        Instant since = since(now, lock.lastSuccess(LEASE));
        List<HookDelivery> attempts = github.listSince(since);
        Map<String, List<HookDelivery>> byGuid = attempts.stream()
                .filter(d -> d.guid() != null && !d.deliveredAt().isBefore(since))
                .collect(Collectors.groupingBy(HookDelivery::guid, LinkedHashMap::new, Collectors.toList()));
        int failed = 0;
        int redelivered = 0;
        int alreadyHad = 0;
        int gaveUp = 0;
        for (Map.Entry<String, List<HookDelivery>> entry : byGuid.entrySet()) {
            if (entry.getValue().stream().anyMatch(HookDelivery::succeeded)) {
                continue;
            }
            failed++;
            String guid = entry.getKey();
            if (inbox.hasDelivery(guid)) {
                alreadyHad++;
                continue;
            }
            Ledger ledger = ledger(guid);
            if (ledger.requests() >= settings.maxRedeliveries()) {
                gaveUp++;
                continue;
            }
            if (ledger.requests() > 0 && now.toEpochMilli() - ledger.lastAt() < settings.interval().toMillis()) {
                continue;
            }
            HookDelivery newest = entry.getValue().stream().max(Comparator.comparing(HookDelivery::deliveredAt)).orElseThrow();
            github.redeliver(newest.id());
            record(guid, now);
            redelivered++;
        }
        return new SweepResult(true, attempts.size(), failed, redelivered, alreadyHad, gaveUp);
    }

    /** From the last successful sweep (minus a margin), or the lookback, never beyond GitHub's redelivery limit. */
    Instant since(Instant now, long lastSuccessMillis) {
        Instant byLookback = now.minus(settings.lookback());
        Instant since = byLookback;
        if (lastSuccessMillis > 0) {
            Instant fromLast = Instant.ofEpochMilli(lastSuccessMillis).minus(Duration.ofMinutes(10));
            if (fromLast.isBefore(since)) {
                since = fromLast;
            }
        }
        Instant limit = now.minus(RecoverySettings.GITHUB_REDELIVERY_LIMIT);
        return since.isBefore(limit) ? limit : since;
    }

    private record Ledger(int requests, long lastAt) {
    }

    /** Redeliveries asked for a GUID so far, and when the last was. */
    private Ledger ledger(String guid) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT requests, last_requested_at FROM aigate_redelivery WHERE guid = ?")) {
            ps.setString(1, guid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Ledger(rs.getInt(1), rs.getLong(2)) : new Ledger(0, 0);
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read the redelivery ledger", e);
        }
    }

    private void record(String guid, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE aigate_redelivery SET requests = requests + 1,"
                    + " last_requested_at = ? WHERE guid = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, guid);
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO aigate_redelivery (guid, requests, last_requested_at)"
                    + " VALUES (?, 1, ?)")) {
                ps.setString(1, guid);
                ps.setLong(2, at.toEpochMilli());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not record a redelivery", e);
        }
    }
}
