package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.CheckRunRenderer;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.github.CheckRunPublisher;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubFailures;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.PublishedCheckRuns;
import org.kohsuke.github.GHRepository;
import java.util.Optional;
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
import io.micronaut.context.annotation.Value;
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
    /** Open pull requests re-evaluated per repository when an App is installed or a policy changes. */
    static final int MAX_PULLS_PER_REPOSITORY = 200;
    static final int MAX_REPOSITORIES = 1000;

    private final GitHubClients clients;
    private final SnapshotLoader loader;
    private final CheckRunPublisher publisher;
    private final GateEvaluator gate;
    private final GateMetrics metrics;
    private final Provider<WorkQueue> queue;
    private final PublishedCheckRuns published;
    private final KnownPolicies policies;
    private final CheckRunRenderer renderer;

    public EvaluatePullRequest(GitHubClients clients, SnapshotLoader loader, CheckRunPublisher publisher,
                               GateMetrics metrics, Provider<WorkQueue> queue, PublishedCheckRuns published,
                               KnownPolicies policies, @Value("${aigate.public-url:}") String publicUrl) {
        this.renderer = new CheckRunRenderer(publicUrl);
        this.policies = policies;
        this.published = published;
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
                reevaluateRepository(target);
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

    /**
     * Re-evaluates a repository's open pull requests (or every repository of the installation,
     * for {@code *}), at most {@link #MAX_PULLS_PER_REPOSITORY} each, newest first. The queue runs
     * them with its bounded concurrency, so a large installation is worked through at a steady rate.
     */
    private void reevaluateRepository(WorkTarget target) throws IOException {
        InstallationApi api = clients.api(target.installationId());
        if ("*".equals(target.repo())) {
            List<WorkTarget> repos = new ArrayList<>();
            for (JsonNode r : api.list("/installation/repositories", MAX_REPOSITORIES, "repositories").items()) {
                repos.add(WorkTarget.repository(target.installationId(), r.path("full_name").asText()));
            }
            LOG.info("organisation policy changed: re-evaluating {} repositories", repos.size());
            queue.get().enqueue(repos);
            return;
        }
        List<WorkTarget> prs = new ArrayList<>();
        InstallationApi.Page open = api.list("/repos/" + target.repo() + "/pulls?state=open&sort=updated&direction=desc",
                MAX_PULLS_PER_REPOSITORY);
        for (JsonNode pr : open.items()) {
            prs.add(WorkTarget.pullRequest(target.installationId(), target.repo(), pr.path("number").asInt()));
        }
        LOG.info("re-evaluating {} open pull request(s) of {}{}", prs.size(), target.repo(),
                open.truncated() ? " (the " + MAX_PULLS_PER_REPOSITORY + " most recently updated)" : "");
        queue.get().enqueue(prs);
    }

    private void evaluate(PullRequestKey key) throws IOException {
        long started = System.nanoTime();
        InstallationApi api = clients.api(key.installationId());
        JsonNode pr = loader.pullRequest(api, key);
        String state = pr.path("state").asText();
        if (!"open".equals(state)) {
            LOG.info("{} is {}; not evaluated", key, state);
            return;
        }
        String headSha = pr.path("head").path("sha").asText();
        GHRepository repository = publisher.repository(key.installationId(), pr.path("base").path("repo"));
        Optional<PublishedCheckRuns.Published> known = published.find(key, headSha);
        long runId;
        if (known.isPresent()) {
            runId = known.get().checkRunId();
        } else {
            // First evaluation of this head: show "in progress" before the slow part.
            runId = publisher.start(repository, headSha, renderer.detailsUrl(key));
            published.save(key, headSha, new PublishedCheckRuns.Published(runId, null));
        }
        SnapshotLoader.Loaded loaded = loader.load(api, key, pr);
        PullRequestSnapshot snapshot = loaded.snapshot();
        policies.remember(key.repo().fullName(), snapshot.base().ref(), loaded.parsed().flatMap(p -> p.policy()));
        Evaluation evaluation = loaded.parsed().isPresent()
                ? gate.evaluate(snapshot, snapshot.policy().orElseThrow(), loaded.parsed().get())
                : gate.evaluate(snapshot);
        String policyPath = snapshot.policy().filter(f -> f.origin() == PolicyFile.Origin.REPOSITORY)
                .map(PolicyFile::path).orElse(null);
        CheckRunContent output = renderer.render(key, headSha, evaluation, policyPath);
        String digest = CheckRunPublisher.digest(output);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String cls = evaluation.provenance() == null ? "unknown" : evaluation.provenance().provenanceClass().id();
        if (known.isPresent() && digest.equals(known.get().outputHash())) {
            LOG.info("{} at {}: unchanged ({}), nothing written, {} ms", key, headSha, output.conclusion(), took.toMillis());
        } else {
            publisher.complete(repository, headSha, runId, output);
            published.save(key, headSha, new PublishedCheckRuns.Published(runId, digest));
            LOG.info("{} at {}: {} ({}), {} ms", key, headSha, output.conclusion(), cls, took.toMillis());
        }
        metrics.evaluation(cls, output.conclusion(), took);
    }
}
