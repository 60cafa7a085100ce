package dev.aigate.bench;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.GateEvaluator;
import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.PolicyParser;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CheckResult;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.snapshot.Review;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Evaluating a 50-rule policy against the largest pull request GitHub lists (3,000 files), with
 * the policy parsed (globs and regexes compiled) once, as the service caches it; and, apart, what
 * that one-off parse costs. Target: evaluation under 10 ms. Figures go to docs/performance/policy.md.
 *
 * <p>Every rule applies (an agent-authored pull request) so every requirement is evaluated:
 * approvals with team and permission checks and all exclusions, a tests requirement over all
 * 3,000 files, checks, labels, max_size; conditions mix directory, extension, negated and
 * mid-path {@code **} globs, so both the string fast paths and the RE2J path are exercised.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyBenchmark {

    static final String HEAD = "ffff000011112222333344445555666677778888";
    static final String[] EXTENSIONS = {"java", "kt", "ts", "py", "go", "tf", "yml", "md"};

    private final GateEvaluator gate = new GateEvaluator(new ProvenanceClassifier(SignalCatalogue.builtIn()));
    private String policyText;
    private PolicyParseResult parsed;
    private PolicyFile file;
    private PullRequestSnapshot pr;

    @Setup
    public void setUp() {
        policyText = policy(50);
        parsed = PolicyParser.parse(policyText, ".github/ai-gate.yml");
        if (!parsed.ok()) {
            throw new IllegalStateException(parsed.problems().toString());
        }
        file = new PolicyFile(PolicyFile.Origin.REPOSITORY, "acme/app:.github/ai-gate.yml@main", ".github/ai-gate.yml", policyText);
        pr = snapshot(3_000);
        Evaluation e = gate.evaluate(pr, file, parsed);
        if (e.rules().size() != 50 || e.rules().stream().anyMatch(r -> !r.applied())) {
            throw new IllegalStateException("every rule should apply; these did not: "
                    + e.rules().stream().filter(r -> !r.applied()).map(r -> r.name() + " (" + r.why() + ")").toList());
        }
    }

    /** 50 rules; every one applies to the benchmark pull request. */
    static String policy(int rules) {
        StringBuilder y = new StringBuilder("""
                version: 1
                provenance:
                  agents: ["acme-refactor-bot[bot]"]
                  declared_label: ai-assisted
                size:
                  small: { max_lines: 50 }
                  large: { min_lines: 500 }
                rules:
                """);
        for (int i = 0; i < rules; i++) {
            String ext = EXTENSIONS[i % EXTENSIONS.length];
            int module = i % 20;
            y.append("  - name: rule ").append(i).append('\n');
            y.append("    if:\n");
            y.append("      provenance: [agent, assisted]\n");
            switch (i % 5) {
                case 0 -> y.append("      changed_files: [\"module").append(module).append("/**\"]\n");
                case 1 -> y.append("      changed_files: [\"**/*.").append(ext).append("\", \"!**/generated/**\"]\n");
                case 2 -> y.append("      changed_files: [\"module").append(module).append("/**/*.").append(ext).append("\"]\n");
                case 3 -> y.append("      any: [ { changed_files: [\"docs/**\"] }, { size: [large] } ]\n");
                default -> y.append("      not: { only_changed_files: [\"**/*.md\"] }\n");
            }
            y.append("    require:\n");
            y.append("      approvals:\n");
            y.append("        count: 2\n");
            y.append("        from: { teams: [acme/team").append(i % 5).append("], permission: write }\n");
            y.append("        exclude: [author, committers, co_authors, bots]\n");
            y.append("        current_head_only: true\n");
            if (i % 2 == 0) {
                y.append("      tests:\n");
                y.append("        when_changed: [\"module").append(module).append("/src/main/**\"]\n");
                y.append("        must_change: [\"module").append(module).append("/src/test/**\"]\n");
            }
            if (i % 3 == 0) {
                y.append("      checks: [CodeQL, gitleaks, { pattern: \"build \\\\(.*\\\\)\" }]\n");
            }
            if (i % 7 == 0) {
                y.append("      labels: [reviewed]\n");
                y.append("      max_size: { lines: 100000, files: 5000 }\n");
            }
        }
        return y.toString();
    }

    /** An agent-authored pull request with {@code n} files across 20 modules, 250 commits and 30 reviews. */
    static PullRequestSnapshot snapshot(int n) {
        List<ChangedFile> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int module = i % 20;
            String ext = EXTENSIONS[i % EXTENSIONS.length];
            String dir = switch ((i / 8) % 4) {
                case 0 -> "src/main/java/com/acme/service";
                case 1 -> "src/test/java/com/acme/service";
                case 2 -> "src/main/generated";
                default -> "src/main/java/com/acme/util/deep/er";
            };
            files.add(new ChangedFile("module" + module + "/" + dir + "/File" + i + "." + ext, null, "modified", 7, 3));
        }
        Actor bot = new Actor("acme-refactor-bot[bot]", 4242, "Bot");
        List<CommitInfo> commits = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            commits.add(new CommitInfo(String.format("%040x", i), "change " + i + "\n\nCo-authored-by: driver <driver@users.noreply.github.com>",
                    new GitIdentity("bot", "bot@acme.example"), new GitIdentity("GitHub", "noreply@github.com"), bot,
                    new Actor("web-flow", 19864447, "User"), true));
        }
        List<Review> reviews = new ArrayList<>();
        Map<String, String> permissions = new HashMap<>();
        Map<String, Set<String>> teams = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String login = "reviewer" + i;
            reviews.add(new Review(i, new Actor(login, 100 + i, "User"), "APPROVED", i % 3 == 0 ? "0ld" : HEAD,
                    Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i)));
            permissions.put(login, i % 2 == 0 ? "write" : "read");
        }
        for (int t = 0; t < 5; t++) {
            teams.put("acme/team" + t, Set.of("reviewer" + t, "reviewer" + (t + 5), "reviewer" + (t + 10), "driver"));
        }
        List<CheckResult> checks = List.of(
                new CheckResult("CodeQL", CheckResult.Kind.CHECK_RUN, "completed", "success", "github-advanced-security"),
                new CheckResult("gitleaks", CheckResult.Kind.CHECK_RUN, "in_progress", null, "github-actions"),
                new CheckResult("build (linux)", CheckResult.Kind.CHECK_RUN, "completed", "success", "github-actions"),
                new CheckResult("ci/jenkins", CheckResult.Kind.STATUS, "success", "success", null));
        return new PullRequestSnapshot(new PullRequestKey(1, new RepoRef("acme", "app"), 42), "Refactor everything", "",
                bot, "open", false, new BranchRef("agent/refactor", HEAD, "acme/app"), new BranchRef("main", "bbbb", "acme/app"),
                List.of("ai-assisted"), n * 7, n * 3, n, 250, files, false, commits, false, reviews, checks,
                Optional.empty(), Optional.empty(), Optional.empty(), new Memberships(teams, permissions));
    }

    /** The number the target is about: 50 rules, 3,000 files, policy compiled once. */
    @Benchmark
    public Evaluation evaluate50RulesOn3000Files() {
        return gate.evaluate(pr, file, parsed);
    }

    /** The one-off cost per policy text (the service caches the result by text). */
    @Benchmark
    public PolicyParseResult parse50RulePolicy() {
        return PolicyParser.parse(policyText, ".github/ai-gate.yml");
    }

    /**
     * Runs the JMH benchmarks, then prints CPU time per call measured on this thread: on a shared,
     * oversubscribed build machine wall-clock averages include time spent waiting for a core, CPU
     * time does not. Pass {@code --cpu} for the CPU-time figures only.
     */
    public static void main(String[] args) throws RunnerException {
        if (!List.of(args).contains("--cpu")) {
            new Runner(new OptionsBuilder().include(PolicyBenchmark.class.getSimpleName()).addProfiler("gc").build()).run();
        }
        PolicyBenchmark b = new PolicyBenchmark();
        b.setUp();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            int n = 200;
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                b.evaluate50RulesOn3000Files();
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 20; i++) {
                b.parse50RulePolicy();
            }
            long t2 = mx.getCurrentThreadCpuTime();
            System.out.printf("round %d: evaluate 50 rules x 3,000 files %.2f ms CPU; parse 50-rule policy %.2f ms CPU%n",
                    round + 1, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / 20);
        }
    }
}
