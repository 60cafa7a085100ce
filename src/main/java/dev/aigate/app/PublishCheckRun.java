package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.github.CheckRunPublisher;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.WriteBudget;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.store.PublishedCheckRuns;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes an evaluation's {@code ai-gate} check run in as few writes as GitHub allows: the first evaluation of a
 * head creates the run already completed in one POST; a re-evaluation PATCHes it, and writes nothing when what it
 * shows did not change. Only an evaluation still running after {@code AIGATE_CHECK_RUN_IN_PROGRESS_AFTER} (waiting
 * out a GitHub retry, a slow read) first shows an in-progress run, created from a scheduler thread while the
 * evaluation goes on, and then completed by a PATCH.
 *
 * <p>Crash safety: a placeholder is recorded in the ledger just before any create. If the process dies between the
 * create and recording the run's id, the next attempt finds the placeholder and adopts the run it created (one
 * list request, only after such a crash) instead of leaving an orphan beside a new one. Otherwise the ledger is
 * written once per write, after it.
 *
 * <p>Every write takes its share of the installation's {@link WriteBudget} first: a first verdict or a changed
 * conclusion at {@link WriteBudget.Priority#VERDICT}, a refresh of the same conclusion and the in-progress marker at
 * {@link WriteBudget.Priority#REFRESH}. A write that does not fit throws {@link WriteBudget.Exhausted}, which the
 * job turns into a deferral; the marker is simply skipped.
 */
@Singleton
public class PublishCheckRun {

    private static final Logger LOG = LoggerFactory.getLogger(PublishCheckRun.class);
    /** Recorded just before a check run is created; see the class comment. */
    static final long PLACEHOLDER = 0;

    private final GitHubClients clients;
    private final CheckRunPublisher publisher;
    private final PublishedCheckRuns published;
    private final WriteBudget budget;
    private final ScheduledExecutorService scheduler;
    private final Duration inProgressAfter;

    @Inject
    public PublishCheckRun(GitHubClients clients, CheckRunPublisher publisher, PublishedCheckRuns published,
                           WriteBudget budget,
                           @Value("${aigate.check-run.in-progress-after:1s}") Duration inProgressAfter) {
        this(clients, publisher, published, budget, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "check-run-in-progress");
            t.setDaemon(true);
            return t;
        }), inProgressAfter);
    }

    PublishCheckRun(GitHubClients clients, CheckRunPublisher publisher, PublishedCheckRuns published,
                    WriteBudget budget, ScheduledExecutorService scheduler, Duration inProgressAfter) {
        this.clients = clients;
        this.publisher = publisher;
        this.published = published;
        this.budget = budget;
        this.scheduler = scheduler;
        this.inProgressAfter = inProgressAfter;
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }

    /**
     * Starts publishing one evaluation of {@code headSha}: reads the ledger and, for a head never published, has the
     * in-progress run created if the evaluation is still running after the threshold. Close the attempt when the
     * evaluation ends, published or not.
     */
    Attempt begin(InstallationApi api, PullRequestKey key, String headSha, String detailsUrl) {
        Attempt attempt = new Attempt(api, key, headSha, detailsUrl,
                published.find(key.repo().fullName(), headSha));
        if (attempt.recorded.isEmpty()) {
            attempt.marker = scheduler.schedule(attempt::markInProgress, inProgressAfter.toMillis(), TimeUnit.MILLISECONDS);
        }
        return attempt;
    }

    /** One evaluation's publication: at most one in-progress marker, then the completed run. */
    final class Attempt implements AutoCloseable {

        private final InstallationApi api;
        private final PullRequestKey key;
        private final String repo;
        private final String headSha;
        private final String detailsUrl;
        /** What the ledger held when the evaluation began: nothing, the placeholder, or a run. */
        private final Optional<PublishedCheckRuns.Published> recorded;
        private ScheduledFuture<?> marker;
        private boolean finished;
        /** The in-progress run this attempt created, if it did. */
        private Long markerRun;
        /** True when the marker's create failed: it may have reached GitHub all the same. */
        private boolean markerUncertain;
        /** True while the ledger holds the placeholder for this head (found there, or recorded by the marker). */
        private boolean placeholder;

        private Attempt(InstallationApi api, PullRequestKey key, String headSha, String detailsUrl,
                        Optional<PublishedCheckRuns.Published> recorded) {
            this.api = api;
            this.key = key;
            this.repo = key.repo().fullName();
            this.headSha = headSha;
            this.detailsUrl = detailsUrl;
            this.recorded = recorded;
            this.placeholder = recorded.filter(p -> p.checkRunId() == PLACEHOLDER).isPresent();
        }

        /** The run already published on this head, if any (not the placeholder). */
        Optional<PublishedCheckRuns.Published> known() {
            return recorded.filter(p -> p.checkRunId() != PLACEHOLDER);
        }

        /** Runs on the scheduler: the evaluation is slow, so show it in progress (when the budget allows). */
        private synchronized void markInProgress() {
            if (finished) {
                return;
            }
            if (!budget.tryAcquire(key.installationId(), WriteBudget.Priority.REFRESH)) {
                LOG.info("{} at {}: still evaluating after {} ms; no in-progress run, the write budget is kept for verdicts",
                        key, headSha, inProgressAfter.toMillis());
                return;
            }
            MDC.put("pr", key.toString());
            MDC.put("installation", Long.toString(key.installationId()));
            published.save(repo, headSha, new PublishedCheckRuns.Published(PLACEHOLDER, null));
            placeholder = true;
            try {
                markerRun = publisher.start(api, repo, headSha, detailsUrl);
                // Recorded at once (not only with the completion), so a retry of a failed evaluation PATCHes this
                // run without the lookup the placeholder would cost.
                published.save(repo, headSha, new PublishedCheckRuns.Published(markerRun, null));
                LOG.info("{} at {}: still evaluating after {} ms; check run {} shows it in progress", key, headSha,
                        inProgressAfter.toMillis(), markerRun);
            } catch (IOException | RuntimeException e) {
                markerUncertain = true;
                LOG.warn("{} at {}: could not show the evaluation in progress: {}", key, headSha, e.toString());
            } finally {
                MDC.remove("pr");
                MDC.remove("installation");
            }
        }

        /**
         * Writes the completed run, unless it already shows exactly this. Returns whether anything was written.
         *
         * @throws WriteBudget.Exhausted when the installation's write budget has no room now (nothing was written)
         */
        synchronized boolean publish(CheckRunContent output) throws IOException {
            stopMarker();
            String digest = CheckRunPublisher.digest(output);
            String conclusion = output.conclusion().toLowerCase(Locale.ROOT);
            Optional<PublishedCheckRuns.Published> known = known();
            if (markerRun == null && known.isPresent() && digest.equals(known.get().outputHash())) {
                return false;
            }
            WriteBudget.Priority priority = markerRun == null && known.isPresent() && conclusion.equals(known.get().conclusion())
                    ? WriteBudget.Priority.REFRESH : WriteBudget.Priority.VERDICT;
            Long runId = markerRun != null ? markerRun : known.map(PublishedCheckRuns.Published::checkRunId).orElse(null);
            if (runId == null && (placeholder || markerUncertain)) {
                runId = adopt();
            }
            budget.acquire(key.installationId(), priority, CheckRunPublisher.requests(output));
            if (runId == null && !placeholder) {
                published.save(repo, headSha, new PublishedCheckRuns.Published(PLACEHOLDER, null));
            }
            long created = publisher.complete(api, repo, headSha, runId, output);
            long id = runId != null ? runId : created;
            published.save(repo, headSha, new PublishedCheckRuns.Published(id, digest, conclusion));
            return true;
        }

        /** The run an interrupted create left on the head (found by a placeholder), or null when there is none. */
        private Long adopt() throws IOException {
            for (JsonNode run : api.list("/repos/" + InstallationApi.repoPath(repo) + "/commits/" + InstallationApi.segment(headSha)
                    + "/check-runs?check_name=" + CheckRunPublisher.CHECK_NAME, 100, "check_runs").items()) {
                if (run.path("app").path("id").asLong() == clients.appId()) {
                    long adopted = run.path("id").asLong();
                    LOG.info("{} at {}: adopted check run {} left by an interrupted evaluation", key, headSha, adopted);
                    return adopted;
                }
            }
            return null;
        }

        private void stopMarker() {
            finished = true;
            if (marker != null) {
                marker.cancel(false);
            }
        }

        /** Ends the attempt: a marker not yet run never will (waits for one running now). */
        @Override
        public synchronized void close() {
            stopMarker();
        }
    }
}
