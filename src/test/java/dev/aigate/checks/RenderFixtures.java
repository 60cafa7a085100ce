package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.GateEvaluator;
import dev.aigate.policy.RequirementFacts;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.policy.Status;
import dev.aigate.policy.Verdict;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.snapshot.Review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inputs for the renderer's tests. Evaluations come from the real pipeline (classifier + evaluator)
 * on hand-built snapshots. Every direct construction of a snapshot or result record lives here, so
 * that when those records grow, this is the one file to adjust.
 */
public final class RenderFixtures {

    public static final RepoRef REPO = new RepoRef("acme", "app");
    public static final String HEAD_SHA = "3f2a9c1d4e5b6a7f8091a2b3c4d5e6f708192a3b";
    public static final String POLICY_PATH = ".github/ai-gate.yml";

    /** A policy with every requirement kind, for the tests that keep their rendering and stored form as before. */
    public static final String EVERY_REQUIREMENT = """
            version: 1
            rules:
              - name: everything
                require:
                  approvals: { count: 2, from: { users: [Bob, carol], teams: [acme/backend], permission: write },
                               exclude: [author, co_authors], invalidate_on: push }
                  codeowners: true
                  tests: { when_changed: ["src/main/**"], must_change: ["src/test/**"] }
                  checks: [CodeQL, { pattern: "build \\\\(.*\\\\)" }]
                  labels: { present: [reviewed], absent: [wip] }
                  disclosure: true
                  max_size: { lines: 5, files: 1 }
                conclusion: failure
              - name: met
                require:
                  approvals: 1
                  labels: { absent: [wip] }
                  max_size: { lines: 1000 }
                  disclosure: { matches: ["(?i)nothing"] }
                conclusion: action_required
            """;

    /** A policy whose tests requirement is met, beside the one above. */
    public static final String TESTED = """
            version: 1
            rules:
              - name: per-file
                require:
                  tests: { when_changed: ["src/main/**"], must_change: ["src/test/**"], per_file: true }
                  approvals: { count: 1, exclude: [author], invalidate_on: diff_change }
              - name: loose
                require:
                  tests: { when_changed: ["src/main/**"], must_change: ["src/test/**"] }
                  labels: [reviewed]
              - name: skipped
                require:
                  tests: { when_changed: ["lib/**"], must_change: ["src/test/**"] }
            """;
    public static final Actor ALICE = new Actor("alice", 1001, "User");
    public static final Actor COPILOT = new Actor("Copilot", 198982749, "Bot");

    /** Agent and assisted pull requests need one approval, or the check fails. */
    public static final String AGENT_NEEDS_ONE = """
            version: 1
            size:
              small: { max_lines: 100 }
              large: { min_lines: 101 }
            rules:
              - name: ai-needs-review
                if: { provenance: [agent, assisted] }
                require: { approvals: { count: 1 } }
                conclusion: failure
            """;

    private static final GateEvaluator EVALUATOR =
            new GateEvaluator(new ProvenanceClassifier(SignalCatalogue.builtIn()));

    private RenderFixtures() {
    }

    public static PullRequestKey key(int number) {
        return new PullRequestKey(7, REPO, number);
    }

    public static Evaluation evaluate(PullRequestSnapshot pr) {
        return EVALUATOR.evaluate(pr);
    }

    /** A snapshot builder with sane defaults: a small PR by alice with one plain commit. */
    public static final class Pr {
        int number = 42;
        Actor author = ALICE;
        String body = "";
        String policy = AGENT_NEEDS_ONE;
        List<ChangedFile> files = new ArrayList<>(List.of(new ChangedFile("src/main/App.java", null, "modified", 10, 2)));
        List<CommitInfo> commits = new ArrayList<>(List.of(commit(0, "Fix the thing")));
        List<Review> reviews = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean filesTruncated;
        boolean commitsTruncated;
        int changedFilesCount = -1;

        public Pr number(int n) {
            number = n;
            return this;
        }

        public Pr author(Actor a) {
            author = a;
            return this;
        }

        public Pr policy(String yaml) {
            policy = yaml;
            return this;
        }

        public Pr label(String... names) {
            labels.addAll(List.of(names));
            return this;
        }

        public Pr approvedBy(String... logins) {
            for (String l : logins) {
                reviews.add(new Review(reviews.size() + 1, new Actor(l, 2000 + reviews.size(), "User"), "APPROVED",
                        HEAD_SHA, Instant.parse("2026-11-20T10:00:00Z")));
            }
            return this;
        }

        public Pr commits(List<CommitInfo> c, boolean truncated) {
            commits = new ArrayList<>(c);
            commitsTruncated = truncated;
            return this;
        }

        public Pr files(List<ChangedFile> f, int total) {
            files = new ArrayList<>(f);
            changedFilesCount = total;
            filesTruncated = total > f.size();
            return this;
        }

        public PullRequestSnapshot snapshot() {
            int adds = files.stream().mapToInt(ChangedFile::additions).sum();
            int dels = files.stream().mapToInt(ChangedFile::deletions).sum();
            Optional<PolicyFile> file = policy == null ? Optional.empty()
                    : Optional.of(new PolicyFile(PolicyFile.Origin.REPOSITORY, REPO.fullName() + ":" + POLICY_PATH + "@main",
                    POLICY_PATH, policy));
            return new PullRequestSnapshot(key(number), "Change " + number, body, author, "open", false,
                    new BranchRef("feature/" + number, HEAD_SHA, REPO.fullName()),
                    new BranchRef("main", "aaaaaaa", REPO.fullName()), labels, adds, dels,
                    changedFilesCount < 0 ? files.size() : changedFilesCount, commits.size(), files, filesTruncated,
                    commits, commitsTruncated, reviews, List.of(), file, Optional.empty(), Optional.empty(),
                    Memberships.EMPTY);
        }

        public Evaluation evaluate() {
            return RenderFixtures.evaluate(snapshot());
        }

        public PullRequestResult result() {
            return PullRequestResult.of(key(number), HEAD_SHA, evaluate(), POLICY_PATH);
        }
    }

    public static Pr pr() {
        return new Pr();
    }

    public static CommitInfo commit(int i, String message) {
        String sha = String.format("%08x%032x", 0x5e1f3a7cL + 0x10321L * i, i);
        GitIdentity who = new GitIdentity("Alice", "alice@example.com");
        return new CommitInfo(sha, message, who, who, ALICE, ALICE, false);
    }

    public static List<ChangedFile> sourceFiles(int n) {
        List<ChangedFile> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ChangedFile("src/main/java/com/acme/module" + (i / 100) + "/Component" + i + ".java", null,
                    "modified", 20, 5));
        }
        return out;
    }

    public static List<CommitInfo> trailerCommits(int n) {
        List<CommitInfo> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(commit(i, "Step " + i + " of the refactoring\n\nCo-Authored-By: Claude <noreply@anthropic.com>"));
        }
        return out;
    }

    // ------------------------------------------------------------------ reading evaluations (wording is the evaluator's)

    /** The evaluator's next steps for unmet requirements of applied rules, in order. */
    public static List<String> steps(Evaluation e) {
        List<String> out = new ArrayList<>();
        for (RuleResult r : e.rules()) {
            for (RequirementResult q : r.requirements()) {
                if (r.applied() && (q.status() == Status.PENDING || q.status() == Status.FAILED)) {
                    out.add(RequirementText.howToSatisfy(q));
                }
            }
        }
        return out;
    }

    /** The first next step as the title and summary show it. */
    public static String step(Evaluation e) {
        return Markdown.phrase(steps(e).get(0));
    }

    public static RuleResult rule(Evaluation e, int i) {
        return e.rules().get(i);
    }

    // ------------------------------------------------------------------ direct result-record constructions

    public static RequirementResult.FileNote fileNote(String path, int line, RequirementResult.FileNote.Note note) {
        return new RequirementResult.FileNote(path, line, note);
    }

    /**
     * The evaluation with an unmet "tests" requirement added to its first applied rule, as the tests
     * requirement reports source files changed without matching test changes.
     */
    public static Evaluation withMissingTests(Evaluation e, List<String> sourcePaths) {
        List<RequirementResult.FileNote> notes = sourcePaths.stream()
                .map(p -> fileNote(p, 1, new RequirementResult.FileNote.Untested("[src/test/**]"))).toList();
        RequirementResult tests = new RequirementResult("tests", Status.FAILED,
                new RequirementFacts.Tests("[src/main/**]", "[src/test/**]", notes.size(), 0, notes.size(), false),
                List.of(), List.of(), notes, 0, List.of());
        return withRequirement(e, tests);
    }

    /** The evaluation with a pending "codeowners" requirement, waiting for an owner of each file. */
    public static Evaluation withPendingOwners(Evaluation e, List<String> paths) {
        List<RequirementResult.FileNote> notes = paths.stream()
                .map(p -> fileNote(p, 1, new RequirementResult.FileNote.NeedsOwner(List.of("acme/billing")))).toList();
        return withRequirement(e, new RequirementResult("codeowners", Status.PENDING,
                new RequirementFacts.Codeowners(true, notes.size(), notes.size(), List.of("acme/billing"), List.of()),
                List.of(), List.of(), notes, 0, List.of()));
    }

    private static Evaluation withRequirement(Evaluation e, RequirementResult extra) {
        List<RuleResult> rules = new ArrayList<>();
        boolean added = false;
        for (RuleResult r : e.rules()) {
            if (r.applied() && !added) {
                List<RequirementResult> reqs = new ArrayList<>(r.requirements());
                reqs.add(extra);
                rules.add(new RuleResult(r.name(), true, r.why(),
                        extra.status() == Status.FAILED ? Status.FAILED : r.status(), r.onFailure(), reqs));
                added = true;
            } else {
                rules.add(r);
            }
        }
        if (!added) {
            throw new IllegalArgumentException("no applied rule to add a requirement to");
        }
        Verdict verdict = e.verdict();
        for (RuleResult r : rules) {
            verdict = verdict.strictest(r.verdict());
        }
        return new Evaluation(verdict, e.policyState(), e.policyLocation(), e.provenance(), e.size(), rules,
                e.problems(), e.notes());
    }

    public static GateOverride override(String actor, String reason) {
        return new GateOverride(actor, reason, Instant.parse("2026-11-21T09:30:00Z"));
    }
}
