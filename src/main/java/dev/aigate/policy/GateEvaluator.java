package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.SizeClassifier;
import dev.aigate.provenance.SizeResult;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The pure core in one call: policy text + snapshot in, result tree out.
 *
 * <ul>
 *   <li>no policy: a quiet {@link Verdict#NEUTRAL} "no policy applies" (never a failing check);</li>
 *   <li>a policy that does not parse or validate: {@link Verdict#FAILURE} naming file:line:col and the fix (fail closed);</li>
 *   <li>rules that cost more than the {@link EvaluationBudget}: {@link Verdict#FAILURE} saying so (fail closed);</li>
 *   <li>otherwise the strictest verdict of the enforced rules that apply.</li>
 * </ul>
 *
 * <p>Observe mode ({@link Mode}): a rule's {@code mode} wins over its policy's, the policy's over the server
 * default. An observed rule's failure never decides the conclusion; {@link Evaluation#wouldVerdict()} says what
 * enforcing every rule would give. A policy in observe mode concludes {@link Verdict#NEUTRAL} unless a rule it
 * explicitly enforces blocks. A policy that does not load fails closed in every mode: its mode cannot be read.
 */
public final class GateEvaluator {

    /** Where a repository's own policy lives; a PR that edits it is still judged by the base version. */
    public static final String REPOSITORY_POLICY_PATH = ".github/ai-gate.yml";

    private final ProvenanceClassifier classifier;
    private final PolicySources sources;
    private final SizeClassifier sizer = new SizeClassifier();
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final EvaluationBudget budget;
    private final LongSupplier nanoClock;
    private final Mode defaultMode;

    public GateEvaluator(ProvenanceClassifier classifier) {
        this(classifier, PolicySources.NONE);
    }

    /** With a reader for {@code extends} targets. */
    public GateEvaluator(ProvenanceClassifier classifier, PolicySources sources) {
        this(classifier, sources, EvaluationBudget.DEFAULT, System::nanoTime);
    }

    /** With a budget for each evaluation, measured on {@code nanoClock} (e.g. {@code System::nanoTime}). */
    public GateEvaluator(ProvenanceClassifier classifier, PolicySources sources, EvaluationBudget budget,
                         LongSupplier nanoClock) {
        this(classifier, sources, budget, nanoClock, Mode.ENFORCE);
    }

    /** With the server's default mode ({@code AIGATE_DEFAULT_MODE}) for policies that set none. */
    public GateEvaluator(ProvenanceClassifier classifier, PolicySources sources, EvaluationBudget budget,
                         LongSupplier nanoClock, Mode defaultMode) {
        this.classifier = classifier;
        this.sources = sources;
        this.budget = budget;
        this.nanoClock = nanoClock;
        this.defaultMode = defaultMode == null ? Mode.ENFORCE : defaultMode;
    }

    /** Parses the snapshot's policy and evaluates it. */
    public Evaluation evaluate(PullRequestSnapshot pr) {
        if (pr.policy().isEmpty()) {
            return new Evaluation(Verdict.NEUTRAL, Evaluation.PolicyState.NONE, null, null, null, List.of(), List.of(),
                    List.of("No ai-gate policy applies to this repository, so nothing is required."));
        }
        PolicyFile file = pr.policy().get();
        return evaluate(pr, file, PolicyParser.parse(file.text(), file.path(), sources));
    }

    /** Evaluates an already parsed policy (callers cache parse results by policy text). */
    public Evaluation evaluate(PullRequestSnapshot pr, PolicyFile file, PolicyParseResult parsed) {
        if (!parsed.ok() || parsed.policy().isEmpty()) {
            List<String> notes = new ArrayList<>();
            notes.add("The policy " + file.location() + " did not load, so the gate fails closed. Fix the "
                    + (parsed.problems().size() == 1 ? "problem" : parsed.problems().size() + " problems")
                    + " listed (run `java -jar ai-gate.jar validate " + file.path() + "` to check locally), then push the fix to "
                    + (pr.base() == null ? "the base branch" : pr.base().ref()) + ".");
            policyChangeNote(pr, file).ifPresent(notes::add);
            return new Evaluation(Verdict.FAILURE, Evaluation.PolicyState.INVALID, file.location(), null, null,
                    List.of(), parsed.problems(), notes, null);
        }
        Policy policy = parsed.policy().orElseThrow();
        ProvenanceResult provenance = classifier.classify(pr, policy.provenance());
        SizeResult size = sizer.classify(pr, policy.sizeClasses());
        Mode mode = policy.mode() != null ? policy.mode() : defaultMode;
        List<RuleResult> rules;
        try {
            rules = evaluator.evaluate(policy, pr, provenance, size, budget.start(nanoClock));
        } catch (EvaluationBudget.Exhausted e) {
            Evaluation over = Evaluation.overBudget(file.location(), provenance, size, e.exceeded, policy);
            boolean anyEnforced = policy.rules().stream().anyMatch(r -> r.mode() == Mode.ENFORCE);
            return mode == Mode.OBSERVE && !anyEnforced ? observed(over) : over;
        }
        Verdict verdict = Verdict.SUCCESS;
        Verdict would = Verdict.SUCCESS;
        boolean anyApplied = false;
        List<RuleResult> moded = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = policy.rules().get(i);
            RuleResult r = (rule.mode() != null ? rule.mode() : mode) == Mode.OBSERVE ? rules.get(i).asObserved() : rules.get(i);
            moded.add(r);
            verdict = verdict.strictest(r.verdict());
            would = would.strictest(r.wouldVerdict());
            anyApplied |= r.applied();
        }
        rules = moded;
        if (mode == Mode.OBSERVE && verdict == Verdict.SUCCESS) {
            verdict = Verdict.NEUTRAL;
        }
        List<String> notes = new ArrayList<>();
        if (!anyApplied) {
            notes.add("No rule of the policy applies to this pull request (provenance: " + provenance.provenanceClass().id() + ").");
        }
        for (dev.aigate.snapshot.ListingCut cut : pr.cuts()) {
            notes.add(Cuts.clauses(List.of(cut)) + ". A rule whose condition reads this listing applies unless the part "
                    + "listed settles it, and a requirement that reads it is not met (fail closed). " + Cuts.remedy(List.of(cut)));
        }
        policyChangeNote(pr, file).ifPresent(notes::add);
        return new Evaluation(verdict, Evaluation.PolicyState.LOADED, file.location(), provenance, size, rules,
                List.of(), notes, policy, null, mode, would);
    }

    private static Evaluation observed(Evaluation e) {
        return new Evaluation(Verdict.NEUTRAL, e.policyState(), e.policyLocation(), e.provenance(), e.size(), e.rules(),
                e.problems(), e.notes(), e.policy(), e.overBudget(), Mode.OBSERVE, e.verdict());
    }

    private static java.util.Optional<String> policyChangeNote(PullRequestSnapshot pr, PolicyFile file) {
        for (ChangedFile f : pr.files()) {
            if (REPOSITORY_POLICY_PATH.equals(f.filename()) || REPOSITORY_POLICY_PATH.equals(f.previousFilename())) {
                return java.util.Optional.of("This pull request changes " + REPOSITORY_POLICY_PATH + ". It is judged by the policy on "
                        + (pr.base() == null ? "the base branch" : "the base branch (" + pr.base().ref() + ")")
                        + "; the new version applies only once merged. A policy can guard its own changes with a rule such as "
                        + "`if: { changed_files: [\"" + REPOSITORY_POLICY_PATH + "\"] }` requiring approvals from a trusted team.");
            }
        }
        return java.util.Optional.empty();
    }
}
