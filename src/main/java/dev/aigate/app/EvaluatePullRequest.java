package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.CheckRunRenderer;
import dev.aigate.checks.UnjudgedCheckRun;
import dev.aigate.checks.PullRequestResult;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubFailures;
import dev.aigate.github.InstallationApi;
import java.util.Optional;
import dev.aigate.github.SnapshotLoader;
import dev.aigate.lifecycle.LifecycleRecorder;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.EvaluationBudget;
import dev.aigate.policy.PolicySources;
import dev.aigate.policy.GateEvaluator;
import dev.aigate.policy.Mode;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.queue.RetryLaterException;
import dev.aigate.queue.WorkHandler;
import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.WorkTarget;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.checks.Conclusions;
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
import java.util.Map;

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
    private final PublishCheckRun publish;
    private final GateEvaluator gate;
    private final GateMetrics metrics;
    private final Provider<WorkQueue> queue;
    private final RecordPolicyTriggers policies;
    private final CheckRunRenderer renderer;
    private final ApplyPolicyRequests requests;
    private final DecideOverrides overrideDecisions;
    private final RecordDecision decisions;
    private final LifecycleRecorder lifecycle;
    private final Mode defaultMode;

    public EvaluatePullRequest(GitHubClients clients, SnapshotLoader loader, PublishCheckRun publish,
                               GateMetrics metrics, Provider<WorkQueue> queue,
                               RecordPolicyTriggers policies, ApplyPolicyRequests requests,
                               DecideOverrides overrideDecisions, RecordDecision decisions, LifecycleRecorder lifecycle,
                               @Value("${aigate.public-url:}") String publicUrl,
                               @Value("${aigate.evaluation.budget:5s}") Duration evaluationBudget,
                               @Value("${aigate.evaluation.budget-steps:1000000000}") long evaluationSteps,
                               @Value("${aigate.default-mode:enforce}") String defaultMode,
                               @Value("${aigate.signals-file:}") String signalsFile) {
        this.requests = requests;
        this.overrideDecisions = overrideDecisions;
        this.decisions = decisions;
        this.lifecycle = lifecycle;
        this.renderer = new CheckRunRenderer(publicUrl);
        this.policies = policies;
        this.clients = clients;
        this.loader = loader;
        this.publish = publish;
        this.metrics = metrics;
        this.queue = queue;
        this.defaultMode = defaultMode(defaultMode);
        // Each evaluation's rules get a budget, so one repository's policy cannot hold a worker for long.
        this.gate = new GateEvaluator(new ProvenanceClassifier(SignalCatalogues.configured(signalsFile)), PolicySources.NONE,
                new EvaluationBudget(evaluationBudget, evaluationSteps), System::nanoTime, this.defaultMode);
        if (this.defaultMode == Mode.OBSERVE) {
            LOG.info("AIGATE_DEFAULT_MODE=observe: policies that set no mode post neutral check runs saying what they would decide");
        }
    }

    /**
     * {@code AIGATE_DEFAULT_MODE}: a value other than observe or enforce stops the server (or the Action's step) with
     * a clear message.
     */
    public static Mode defaultMode(String setting) {
        try {
            return Mode.parse(setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AIGATE_DEFAULT_MODE: " + e.getMessage(), e);
        }
    }

    @Override
    public void handle(WorkTarget target) throws RetryLaterException {
        if (target.installationId() <= 0) {
            // No installation has such an id, so no attempt can succeed: done, not retried and parked.
            LOG.error("dropped {}: installation id {} is not a positive integer, so there are no credentials to act"
                    + " with", target.key(), target.installationId());
            return;
        }
        MDC.put("installation", Long.toString(target.installationId()));
        try {
            if (target instanceof WorkTarget.PullRequest pr) {
                MDC.put("repo", pr.repo());
                MDC.put("pr", target.key());
                evaluate(new PullRequestKey(pr.installationId(), RepoRef.parse(pr.repo()), pr.number()));
            } else if (target instanceof WorkTarget.Commit commit) {
                MDC.put("repo", commit.repo());
                fanOut(commit);
            } else if (target instanceof WorkTarget.Repository repository) {
                MDC.put("repo", repository.repo());
                reevaluateRepository(repository);
            } else {
                reevaluateInstallation((WorkTarget.Installation) target);
            }
        } catch (IOException e) {
            GitHubFailures.Deferral later = GitHubFailures.deferral("evaluating " + target.key(), e);
            throw new RetryLaterException(later.message(), later.notBefore(), e);
        } finally {
            // The thread runs other jobs and requests next: none of this job's keys may stay on it.
            MDC.remove("pr");
            MDC.remove("repo");
            MDC.remove("installation");
        }
    }

    /**
     * A pull request whose evaluation failed every attempt: its check run says so and fails closed, instead of
     * keeping an in-progress run the attempts left, or a verdict that may no longer hold. Needs GitHub to answer
     * now; when it does not, the failure is logged and the parked job (listed by {@code parked}) is the record.
     * Not under {@code AIGATE_DEFAULT_MODE=observe}, which promises to block nothing.
     */
    @Override
    public void parked(WorkTarget target, String lastError, int attempts) {
        if (!(target instanceof WorkTarget.PullRequest pr) || target.installationId() <= 0 || defaultMode == Mode.OBSERVE) {
            return;
        }
        PullRequestKey key = new PullRequestKey(pr.installationId(), RepoRef.parse(pr.repo()), pr.number());
        MDC.put("installation", Long.toString(key.installationId()));
        MDC.put("pr", target.key());
        try {
            InstallationApi api = clients.api(key.installationId());
            JsonNode current = loader.pullRequest(api, key);
            if (!"open".equals(current.path("state").asText())) {
                return;
            }
            String headSha = current.path("head").path("sha").asText();
            String detailsUrl = renderer.detailsUrl(key);
            try (PublishCheckRun.Attempt publishing = publish.begin(api, key, headSha, detailsUrl)) {
                publishing.publish(UnjudgedCheckRun.parked(lastError, attempts, detailsUrl));
            }
            LOG.warn("{} at {}: the check run says the evaluation failed {} times and fails closed", key, headSha, attempts);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not show on its check run that the evaluation is parked: {}", key, e.toString());
        } finally {
            MDC.remove("pr");
            MDC.remove("installation");
        }
    }

    /** A status or check on a commit: evaluate each open pull request whose head it is. */
    private void fanOut(WorkTarget.Commit target) throws IOException {
        InstallationApi api = clients.api(target.installationId());
        List<WorkTarget> prs = new ArrayList<>();
        for (JsonNode pr : openPullsWithHead(api, target.repo(), target.sha())) {
            prs.add(WorkTarget.pullRequest(target.installationId(), target.repo(), pr.path("number").asInt()));
        }
        LOG.info("commit {} of {} is the head of {} open pull request(s)", target.sha(), target.repo(), prs.size());
        queue.get().enqueue(prs);
    }

    /** The organisation policy changed: re-evaluate every repository of the installation, at most {@link #MAX_REPOSITORIES}. */
    private void reevaluateInstallation(WorkTarget.Installation target) throws IOException {
        InstallationApi api = clients.api(target.installationId());
        List<WorkTarget> repos = new ArrayList<>();
        for (JsonNode r : api.list("/installation/repositories", MAX_REPOSITORIES, "repositories").items()) {
            repos.add(WorkTarget.repository(target.installationId(), r.path("full_name").asText()));
        }
        LOG.info("organisation policy changed: re-evaluating {} repositories", repos.size());
        queue.get().enqueue(repos);
    }

    /**
     * Re-evaluates a repository's open pull requests, at most {@link #MAX_PULLS_PER_REPOSITORY}, newest first. The
     * queue runs them with its bounded concurrency, so a large installation is worked through at a steady rate.
     */
    private void reevaluateRepository(WorkTarget.Repository target) throws IOException {
        InstallationApi api = clients.api(target.installationId());
        List<WorkTarget> prs = new ArrayList<>();
        InstallationApi.Page open = api.list("/repos/" + InstallationApi.repoPath(target.repo()) + "/pulls?state=open&sort=updated&direction=desc",
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
        String repo = key.repo().fullName();
        JsonNode pr = loader.pullRequest(api, key);
        String state = pr.path("state").asText();
        if (!"open".equals(state)) {
            LOG.info("{} is {}; not evaluated", key, state);
            return;
        }
        String headSha = pr.path("head").path("sha").asText();
        // Every other read at once, from the pull request just read (its head, never an older one).
        HeadReads reads = HeadReads.start(loader, api, key, pr, headSha, policies);
        PublishCheckRun.Attempt publishing = publish.begin(api, key, headSha, renderer.detailsUrl(key));
        try {
            judgeAndPublish(api, key, headSha, reads, publishing, started);
        } finally {
            publishing.close();
        }
    }

    private void judgeAndPublish(InstallationApi api, PullRequestKey key, String headSha, HeadReads reads,
                                 PublishCheckRun.Attempt publishing, long started) throws IOException {
        // One check run per commit: stacked or duplicate pull requests with this head share it,
        // so each is judged and the strictest verdict shows.
        List<SnapshotLoader.Loaded> loads = reads.join();
        List<PullRequestKey> sharing = loads.stream().map(l -> l.snapshot().key()).toList();
        DecideOverrides.Decided overrides = overrideDecisions.decide(api, sharing, headSha);
        long loaded = System.nanoTime();
        List<Judged> judged = new ArrayList<>();
        for (int i = 0; i < sharing.size(); i++) {
            judged.add(judge(sharing.get(i), reads.json().get(i), loads.get(i), headSha, overrides));
        }
        List<PullRequestResult> results = judged.stream().map(Judged::result).toList();
        CheckRunContent output = results.size() == 1 ? renderer.render(results.get(0)) : renderer.renderCombined(results);

        long evaluated = System.nanoTime();
        boolean unchanged = !publishing.publish(output);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("{} at {}: {} ({} pull request(s)){}, {} ms", key, headSha, output.conclusion(), results.size(),
                unchanged ? ", unchanged so nothing written" : "", took.toMillis());
        Map<String, Long> timings = Map.of("load", millis(started, loaded), "evaluate", millis(loaded, evaluated),
                "publish", millis(evaluated, System.nanoTime()), "total", took.toMillis());
        for (Judged j : judged) {
            Evaluation e = j.result().evaluation();
            decisions.record(key.installationId(), j.result(), j.snapshot(), timings, overrides.of(j.result().pr()));
            lifecycle.evaluated(j.snapshot(), j.prJson(), j.result());
            String cls = e.provenance() == null ? "unknown" : e.provenance().provenanceClass().id();
            metrics.evaluation(cls, Conclusions.of(j.result().effectiveVerdict()), e.mode() == null ? "none" : e.mode().id(),
                    RecordDecision.wouldConclusion(j.result()), took);
        }
        // Labels and review requests last: one that must wait for the write budget defers the job, whose next run
        // finds the check run unchanged and sends only what is still missing.
        for (Judged j : judged) {
            requests.apply(api, j.snapshot(), j.prJson(), j.result().evaluation());
        }
    }

    /** One pull request's snapshot and verdict. */
    private record Judged(PullRequestSnapshot snapshot, JsonNode prJson, PullRequestResult result) {
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    private Judged judge(PullRequestKey key, JsonNode pr, SnapshotLoader.Loaded loaded, String headSha,
                         DecideOverrides.Decided overrides) {
        PullRequestSnapshot snapshot = loaded.snapshot();
        policies.remember(key.repo().fullName(), snapshot.base().ref(), loaded.parsed().flatMap(p -> p.policy()));
        Evaluation evaluation = loaded.parsed().isPresent()
                ? gate.evaluate(snapshot, snapshot.policy().orElseThrow(), loaded.parsed().get())
                : gate.evaluate(snapshot);
        evaluation = evaluation.withNotes(overrides.notes());
        String policyPath = snapshot.policy().filter(f -> f.origin() == PolicyFile.Origin.REPOSITORY)
                .map(PolicyFile::path).orElse(null);
        PullRequestResult result = PullRequestResult.of(key, headSha, evaluation, policyPath);
        Optional<dev.aigate.checks.GateOverride> override = overrides.overrideFor(key);
        return new Judged(snapshot, pr, override.isPresent() ? result.withOverride(override.get()) : result);
    }

    /** Open pull requests whose head is this commit (one conditional request). */
    static List<JsonNode> openPullsWithHead(InstallationApi api, String repo, String sha) throws IOException {
        List<JsonNode> open = new ArrayList<>();
        for (JsonNode p : api.list("/repos/" + InstallationApi.repoPath(repo) + "/commits/" + InstallationApi.segment(sha) + "/pulls", 100).items()) {
            if ("open".equals(p.path("state").asText()) && sha.equals(p.path("head").path("sha").asText())) {
                open.add(p);
            }
        }
        return open;
    }
}
