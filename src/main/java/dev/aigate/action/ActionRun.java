package dev.aigate.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.CheckRunRenderer;
import dev.aigate.checks.PullRequestResult;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.SnapshotLoader;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.EvaluationBudget;
import dev.aigate.policy.GateEvaluator;
import dev.aigate.policy.Mode;
import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.PolicyProblem;
import dev.aigate.policy.PolicySources;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges the pull requests an event names, as the App does: each is read fresh, loaded with the
 * policy from its base branch and evaluated; pull requests that share a head commit share one check run.
 * Nothing here writes to GitHub.
 */
public final class ActionRun {

    /** One check run to post: the head commit, the base repository's JSON (which names it), what it shows. */
    public record Gate(String headSha, JsonNode baseRepo, CheckRunContent content, List<PullRequestResult> results) {
    }

    /** The gates, and one line for each pull request that was not judged (closed, merged). */
    public record Judged(List<Gate> gates, List<String> skipped) {
    }

    private final InstallationApi api;
    private final SnapshotLoader loader;
    private final ActionInputs inputs;
    private final GateEvaluator gate;
    private final CheckRunRenderer renderer = new CheckRunRenderer(null);

    /**
     * With the step's {@code AIGATE_SIGNALS_FILE} catalogue and {@code AIGATE_DEFAULT_MODE}, as the App and the
     * {@code evaluate} command take them.
     */
    public ActionRun(InstallationApi api, SnapshotLoader loader, ActionInputs inputs, SignalCatalogue catalogue,
                     Mode defaultMode) {
        this.api = api;
        this.loader = loader;
        this.inputs = inputs;
        this.gate = new GateEvaluator(new ProvenanceClassifier(catalogue), PolicySources.NONE, EvaluationBudget.DEFAULT,
                System::nanoTime, defaultMode);
    }

    public Judged judge(ActionEvent event) throws IOException {
        RepoRef repo = RepoRef.parse(event.repository());
        Map<String, List<PullRequestResult>> byHead = new LinkedHashMap<>();
        Map<String, JsonNode> repos = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (int number : event.targets()) {
            PullRequestKey key = new PullRequestKey(0, repo, number);
            JsonNode pr = loader.pullRequest(api, key);
            String state = pr.path("state").asText();
            if (!"open".equals(state)) {
                skipped.add(key + " is " + state + "; not judged");
                continue;
            }
            String headSha = pr.path("head").path("sha").asText();
            byHead.computeIfAbsent(headSha, s -> new ArrayList<>()).add(judge(key, pr, headSha));
            repos.putIfAbsent(headSha, pr.path("base").path("repo"));
        }
        List<Gate> gates = new ArrayList<>();
        byHead.forEach((sha, results) -> {
            CheckRunContent c = results.size() == 1 ? renderer.render(results.get(0)) : renderer.renderCombined(results);
            // No App receives button presses here, and the details link is this workflow run.
            gates.add(new Gate(sha, repos.get(sha), new CheckRunContent(c.name(), c.conclusion(), c.title(), c.summary(),
                    c.text(), c.annotations(), List.of(), inputs.runUrl()), results));
        });
        return new Judged(gates, skipped);
    }

    private PullRequestResult judge(PullRequestKey key, JsonNode pr, String headSha) throws IOException {
        SnapshotLoader.Loaded loaded;
        Optional<PolicyParseResult> parsed;
        if (!inputs.explicitPolicy()) {
            loaded = loader.load(api, key, pr); // the App's order: repository, organisation, shipped default
            parsed = loaded.parsed();
        } else {
            String baseRef = pr.path("base").path("ref").asText();
            Optional<String> text = api.fileText(key.repo().fullName(), inputs.policy(), baseRef);
            PolicyFile file = new PolicyFile(PolicyFile.Origin.REPOSITORY, key.repo().fullName() + ":" + inputs.policy()
                    + "@" + baseRef, inputs.policy(), text.orElse(""));
            loaded = loader.load(api, key, pr, Optional.of(file));
            parsed = text.isPresent() ? loaded.parsed() : Optional.of(new PolicyParseResult(Optional.empty(),
                    List.of(new PolicyProblem(inputs.policy(), 1, 1, "no such file on " + baseRef
                            + " (the workflow's policy input names it); a named policy that is missing fails closed"))));
        }
        PullRequestSnapshot snapshot = loaded.snapshot();
        Evaluation evaluation = parsed.isPresent()
                ? gate.evaluate(snapshot, snapshot.policy().orElseThrow(), parsed.get())
                : gate.evaluate(snapshot);
        String policyPath = snapshot.policy().filter(f -> f.origin() == PolicyFile.Origin.REPOSITORY)
                .map(PolicyFile::path).orElse(null);
        return PullRequestResult.of(key, headSha, evaluation, policyPath);
    }
}
