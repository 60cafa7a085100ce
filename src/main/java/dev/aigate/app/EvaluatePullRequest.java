package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.github.CheckRunOutput;
import dev.aigate.github.CheckRunPublisher;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubFailures;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.SnapshotLoader;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.GateEvaluator;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.queue.RetryLaterException;
import dev.aigate.queue.WorkHandler;
import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.WorkTarget;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation pipeline for one piece of work: load the snapshot, classify and evaluate it
 * (pure core), publish the {@code ai-gate} check run. Work for a commit is fanned out to the open
 * pull requests whose head it is.
 */
@Singleton
public class EvaluatePullRequest implements WorkHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluatePullRequest.class);

    private final GitHubClients clients;
    private final SnapshotLoader loader;
    private final CheckRunPublisher publisher;
    private final GateEvaluator gate;
    private final GateMetrics metrics;
    private final Provider<WorkQueue> queue;

    public EvaluatePullRequest(GitHubClients clients, SnapshotLoader loader, CheckRunPublisher publisher,
                               GateMetrics metrics, Provider<WorkQueue> queue) {
        this.clients = clients;
        this.loader = loader;
        this.publisher = publisher;
        this.metrics = metrics;
        this.queue = queue;
        this.gate = new GateEvaluator(new ProvenanceClassifier(SignalCatalogue.builtIn()));
    }

    @Override
    public void handle(WorkTarget target) throws RetryLaterException {
        MDC.put("installation", Long.toString(target.installationId()));
        MDC.put("repo", target.repo());
        try {
            if (target.number() != null) {
                MDC.put("pr", target.key());
                evaluate(new PullRequestKey(target.installationId(), RepoRef.parse(target.repo()), target.number()));
            } else if (target.sha() != null) {
                fanOut(target);
            } else {
                LOG.info("repository-wide re-evaluation of {} is not supported yet", target.repo());
            }
        } catch (IOException e) {
            throw GitHubFailures.retryLater("evaluating " + target.key(), e);
        } finally {
            MDC.remove("pr");
        }
    }

    /** A status or check on a commit: evaluate each open pull request whose head it is. */
    private void fanOut(WorkTarget target) throws IOException {
        InstallationApi api = clients.api(target.installationId());
        List<WorkTarget> prs = new ArrayList<>();
        for (JsonNode pr : api.list("/repos/" + target.repo() + "/commits/" + target.sha() + "/pulls", 100).items()) {
            if ("open".equals(pr.path("state").asText()) && target.sha().equals(pr.path("head").path("sha").asText())) {
                prs.add(WorkTarget.pullRequest(target.installationId(), target.repo(), pr.path("number").asInt()));
            }
        }
        LOG.info("commit {} of {} is the head of {} open pull request(s)", target.sha(), target.repo(), prs.size());
        queue.get().enqueue(prs);
    }

    private void evaluate(PullRequestKey key) throws IOException {
        long started = System.nanoTime();
        InstallationApi api = clients.api(key.installationId());
        PullRequestSnapshot snapshot = loader.load(api, key);
        if (!"open".equals(snapshot.state())) {
            LOG.info("{} is {}; not evaluated", key, snapshot.state());
            return;
        }
        long runId = publisher.start(key.installationId(), key.repo().fullName(), snapshot.head().sha(), null);
        Evaluation evaluation = snapshot.policy().isPresent()
                ? gate.evaluate(snapshot, snapshot.policy().get(), loader.parse(snapshot.policy().get()))
                : gate.evaluate(snapshot);
        CheckRunOutput output = CheckRunText.render(evaluation);
        publisher.complete(key.installationId(), key.repo().fullName(), snapshot.head().sha(), runId, output);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String cls = evaluation.provenance() == null ? "unknown" : evaluation.provenance().provenanceClass().id();
        metrics.evaluation(cls, output.conclusion(), took);
        LOG.info("{} at {}: {} ({}), {} ms", key, snapshot.head().sha(), output.conclusion(), cls, took.toMillis());
    }
}
