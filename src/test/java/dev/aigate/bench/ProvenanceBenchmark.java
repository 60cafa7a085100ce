package dev.aigate.bench;

import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.ProvenanceSettings;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.provenance.SizeClass;
import dev.aigate.provenance.SizeClassifier;
import dev.aigate.provenance.SizeResult;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.CreatingApp;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.TriggeringRun;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.Memberships;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Classifying the largest pull request GitHub will list (250 commits, 3,000 files) on one core.
 * Target: under 5 ms per pull request.
 *
 * <p>Besides JMH's wall-clock score, each benchmark prints the thread CPU time per operation over
 * its measurement iterations ({@code cpu: ... us/op}): on a shared, loaded machine the wall clock
 * mostly measures waiting for a core, the CPU time measures the work. Run with:
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main ProvenanceBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ProvenanceBenchmark {

    private ProvenanceClassifier classifier;
    private SizeClassifier sizer;
    private PullRequestSnapshot largeHuman;
    private PullRequestSnapshot largeAgent;
    private ProvenanceSettings settings;
    private List<SizeClass> sizeClasses;
    private String catalogueText;

    @Setup
    public void setUp() throws IOException {
        classifier = new ProvenanceClassifier(SignalCatalogue.builtIn());
        sizer = new SizeClassifier();
        settings = new ProvenanceSettings(List.of("acme-ai[bot]", "424242"), List.of("*@agents.acme.dev"),
                List.of("X-Acme-Agent"), "uses-ai", List.of("bot/"), Set.of("mention.generic-ai"), Set.of());
        sizeClasses = List.of(new SizeClass("small", null, 99, null, 10), new SizeClass("medium", null, 999, null, null),
                new SizeClass("large", 1000, null, null, null));
        largeHuman = snapshot(new Actor("alice", 1001, "User"), false);
        largeAgent = snapshot(new Actor("Copilot", 198982749, "Bot"), true);
        try (InputStream in = SignalCatalogue.class.getResourceAsStream("signals.yml")) {
            catalogueText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Thread CPU time spent in the measured operations, per benchmark run. */
    @State(Scope.Thread)
    public static class CpuClock {
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
        private boolean measuring;
        private long nanos;
        private long ops;

        long start() {
            return MX.getCurrentThreadCpuTime();
        }

        void stop(long started) {
            if (measuring) {
                nanos += MX.getCurrentThreadCpuTime() - started;
                ops++;
            }
        }

        @Setup(Level.Iteration)
        public void iteration(IterationParams params) {
            measuring = params.getType() == IterationType.MEASUREMENT;
        }

        @TearDown(Level.Trial)
        public void report(BenchmarkParams params) {
            if (ops > 0) {
                System.out.printf("%n%s cpu: %.1f us/op (thread CPU time, %d ops)%n",
                        params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1),
                        nanos / 1000.0 / ops, ops);
            }
        }
    }

    /** 250 commits and 3,000 files with no strong marker: every rule runs on every item. */
    @Benchmark
    public ProvenanceResult classifyLargeHumanPullRequest(CpuClock clock) {
        long t = clock.start();
        ProvenanceResult r = classifier.classify(largeHuman, settings);
        clock.stop(t);
        return r;
    }

    /** The same size, with agent author, trailers and markers on every commit (most evidence). */
    @Benchmark
    public ProvenanceResult classifyLargeAgentPullRequest(CpuClock clock) {
        long t = clock.start();
        ProvenanceResult r = classifier.classify(largeAgent, settings);
        clock.stop(t);
        return r;
    }

    @Benchmark
    public SizeResult sizeLargePullRequest(CpuClock clock) {
        long t = clock.start();
        SizeResult r = sizer.classify(largeHuman, sizeClasses);
        clock.stop(t);
        return r;
    }

    /** What it would cost to load the catalogue per pull request, which the classifier never does. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public SignalCatalogue loadCatalogue(CpuClock clock) {
        long t = clock.start();
        SignalCatalogue c = SignalCatalogue.parse(catalogueText, "signals.yml");
        clock.stop(t);
        return c;
    }

    static PullRequestSnapshot snapshot(Actor author, boolean ai) {
        List<CommitInfo> commits = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            StringBuilder msg = new StringBuilder("Refactor module ").append(i).append(": tidy the parser\n\n");
            for (int p = 0; p < 3; p++) {
                msg.append("This paragraph explains the change in some detail, mentioning the cursor position, ")
                        .append("the continue statement and a few other ordinary words. Line ").append(p).append(".\n");
            }
            msg.append("\nRefs: #").append(1000 + i).append('\n');
            msg.append("Signed-off-by: Alice Example <alice@example.com>\n");
            msg.append("Co-authored-by: Bob Example <").append(2000 + i).append("+bob@users.noreply.github.com>\n");
            if (ai) {
                msg.append("Co-Authored-By: Claude Sonnet 5 <noreply@anthropic.com>\n");
                msg.append("Agent-Logs-Url: https://github.com/acme/widgets/sessions/").append(i).append('\n');
            }
            if (i % 50 == 0) {
                msg.append("\r\n");
            }
            GitIdentity who = ai && i % 2 == 0
                    ? new GitIdentity("copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com")
                    : new GitIdentity("Alice Example", "alice@example.com");
            Actor account = ai && i % 2 == 0 ? new Actor("Copilot", 198982749, "Bot") : new Actor("alice", 1001, "User");
            commits.add(new CommitInfo(String.format("%040x", 0xabcdefL * (i + 1)), msg.toString(), who,
                    new GitIdentity("GitHub", "noreply@github.com"), account, new Actor("web-flow", 19864447, "User"), true));
        }
        String[] dirs = {"src/main/java/dev/acme/core", "src/test/java/dev/acme/core", "web/src/components", "docs/guide",
                "vendor/github.com/acme/lib", "internal/api/v1", "packages/ui/src", "scripts"};
        String[] exts = {".java", ".ts", ".go", ".md", ".py", ".tsx", ".json", ".yml"};
        List<ChangedFile> files = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String path = dirs[i % dirs.length] + "/sub" + (i % 37) + "/file" + i + exts[i % exts.length];
            files.add(i % 97 == 0
                    ? new ChangedFile(path, path.replace("file", "old"), "renamed", 0, 0)
                    : new ChangedFile(path, null, "modified", 12 + i % 40, i % 9));
        }
        files.add(new ChangedFile("package-lock.json", null, "modified", 4000, 3000));
        StringBuilder body = new StringBuilder("""
                <!-- Thank you for contributing! Did you use AI tools such as Copilot, ChatGPT or Claude Code?
                     Please tick the box below. -->
                ## Summary
                A large refactoring of the parser, split into many commits.

                ## AI disclosure
                - [ ] This contribution was NOT assisted or created by Generative AI tools.
                - [ ] This contribution was assisted or created by Generative AI tools (e.g. Copilot, Claude).
                """);
        for (int i = 0; i < 40; i++) {
            body.append("- Moved the cursor handling of component ").append(i).append(" into its own class.\n");
        }
        if (ai) {
            body.append("\n<!-- START COPILOT CODING AGENT SUFFIX -->\n");
        }
        List<Review> reviews = List.of(
                new Review(1, new Actor("coderabbitai[bot]", 136622811, "Bot"), "COMMENTED", "f", Instant.EPOCH),
                new Review(2, new Actor("carol", 3003, "User"), "APPROVED", "f", Instant.EPOCH));
        if (ai) {
            body.append("\n[View job run](https://github.com/acme/widgets/actions/runs/15029384756)\n");
        }
        PullRequestSnapshot pr = new PullRequestSnapshot(new PullRequestKey(1, new RepoRef("acme", "widgets"), 4242), "Large refactor",
                body.toString(), author, "open", false, new BranchRef(ai ? "copilot/refactor" : "refactor/parser", "f", "acme/widgets"),
                new BranchRef("main", "e", "acme/widgets"), List.of("refactor", "needs-review"), 60000, 12000, files.size(),
                250, files, false, commits, false, reviews, List.of(), Optional.empty(), Optional.empty(),
                Optional.of("/api/generated/** linguist-generated\n*.pb.go -linguist-generated\n"), Memberships.EMPTY);
        if (!ai) {
            return pr;
        }
        // The agent PR also carries what the issue view, the linked run and the organisation's catalogue say.
        return pr.withPeople(pr.people().withCreatingApp(CreatingApp.app("copilot-swe-agent", 0))
                        .withTriggeringRun(new TriggeringRun(15029384756L, 52, TriggeringRun.State.READ,
                                new Actor("carol", 3003, "User"), new Actor("carol", 3003, "User"), 0)))
                .withOrgSignals(Optional.of(new PolicyFile(PolicyFile.Origin.ORGANIZATION, "acme/.github:ai-gate-signals.yml",
                        "ai-gate-signals.yml", ORG_SIGNALS)));
    }

    static final String ORG_SIGNALS = """
            catalogue_name: acme
            catalogue_version: "3"
            bots:
              - { id: agent.acme-codegen, kind: agent, tool: acme, source: "in-house", logins: ["acme-codegen[bot]"], app_slugs: [acme-codegen] }
            markers:
              - { id: body.acme-footer, tier: T1, tool: acme, scope: body, literal: "Written by Acme Codegen", source: "in-house" }
            """;

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ProvenanceBenchmark.class.getSimpleName()).build()).run();
    }
}
