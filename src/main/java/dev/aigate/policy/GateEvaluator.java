package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeClassifier;
import dev.aigate.provenance.SizeResult;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The pure core in one call: policy text + snapshot in, result tree out.
 */
public final class GateEvaluator {

    private final ProvenanceClassifier classifier;
    private final SizeClassifier sizer = new SizeClassifier();
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    public GateEvaluator(ProvenanceClassifier classifier) {
        this.classifier = classifier;
    }

    /** Parses the snapshot's policy and evaluates it. */
    public Evaluation evaluate(PullRequestSnapshot pr) {
        if (pr.policy().isEmpty()) {
            return new Evaluation(Verdict.NEUTRAL, Evaluation.PolicyState.NONE, null, null, null, List.of(), List.of(),
                    List.of("No ai-gate policy applies to this repository, so nothing is required."));
        }
        PolicyFile file = pr.policy().get();
        return evaluate(pr, file, PolicyParser.parse(file.text(), file.path()));
    }

    /** Evaluates an already parsed policy (callers cache parse results by policy text). */
    public Evaluation evaluate(PullRequestSnapshot pr, PolicyFile file, PolicyParseResult parsed) {
        if (!parsed.ok()) {
            return new Evaluation(Verdict.FAILURE, Evaluation.PolicyState.INVALID, file.location(), null, null,
                    List.of(), parsed.problems(), List.of("The policy did not load, so the gate fails closed."));
        }
        Policy policy = parsed.policy().orElseThrow();
        ProvenanceResult provenance = classifier.classify(pr, policy.provenance());
        SizeResult size = sizer.classify(pr, policy.sizeClasses());
        List<RuleResult> rules = evaluator.evaluate(policy, pr, provenance, size);
        Verdict verdict = Verdict.SUCCESS;
        for (RuleResult r : rules) {
            verdict = verdict.strictest(r.verdict());
        }
        List<String> notes = new ArrayList<>();
        if (pr.filesTruncated()) {
            notes.add("GitHub listed only the first " + pr.files().size() + " of " + pr.changedFilesCount() + " changed files.");
        }
        return new Evaluation(verdict, Evaluation.PolicyState.LOADED, file.location(), provenance, size, rules,
                List.of(), notes);
    }
}
