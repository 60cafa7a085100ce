package dev.aigate.recovery;

import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.store.LeaseLock;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import dev.aigate.github.GitHubClients;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** Wires the sweep and the reconcile when their collaborators exist (see {@link GitHubClients}, {@link OpenPullRequestScanner}). */
@Factory
public class RecoveryJobs {

    static final String OWNER = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    @Singleton
    RecoverySettings recoverySettings(@Value("${aigate.recovery.interval:5m}") Duration interval,
                                      @Value("${aigate.recovery.lookback:6h}") Duration lookback,
                                      @Value("${aigate.recovery.max-redeliveries:3}") int maxRedeliveries) {
        return new RecoverySettings(interval, lookback, maxRedeliveries);
    }

    @Singleton
    @Requires(beans = GitHubClients.class)
    HookDeliveries hookDeliveries(GitHubClients github) {
        return new GitHubHookDeliveries(github);
    }

    @Singleton
    @Requires(beans = HookDeliveries.class)
    @Requires(property = "aigate.recovery.enabled", notEquals = "false")
    DeliverySweep deliverySweep(HookDeliveries github, JdbcWorkQueue queue, LeaseLock lock, DataSource dataSource,
                                Clock clock, RecoverySettings settings) {
        return new DeliverySweep(github, queue, lock, dataSource, clock, settings, OWNER);
    }

    @Singleton
    @Requires(beans = OpenPullRequestScanner.class)
    @Requires(property = "aigate.recovery.reconcile-enabled", value = "true")
    PullRequestReconciler pullRequestReconciler(OpenPullRequestScanner scanner, JdbcWorkQueue queue, LeaseLock lock,
                                                @Value("${aigate.recovery.reconcile-interval:30m}") Duration interval) {
        return new PullRequestReconciler(scanner, queue, lock, interval, OWNER);
    }
}
