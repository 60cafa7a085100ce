package dev.aigate.bench;

import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.CheckRunRenderer;
import dev.aigate.checks.PullRequestResult;
import dev.aigate.checks.RenderFixtures;
import dev.aigate.policy.Evaluation;
import dev.aigate.snapshot.ChangedFile;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long rendering the check run takes: a typical failing pull request, the largest one GitHub
 * lists (3,000 files, 250 commits with AI trailers, 3,000 per-file notes), and five such pull
 * requests stacked on one commit. Run with {@code main}; figures go to docs/performance/checks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RenderBenchmark {

    private final CheckRunRenderer renderer = new CheckRunRenderer("https://gate.example.com");
    private PullRequestResult typical;
    private PullRequestResult largest;
    private List<PullRequestResult> stacked;

    @Setup
    public void setUp() {
        typical = RenderFixtures.pr().author(RenderFixtures.COPILOT).result();
        largest = largest(42);
        stacked = new ArrayList<>();
        for (int n = 50; n < 55; n++) {
            stacked.add(largest(n));
        }
    }

    private static PullRequestResult largest(int number) {
        List<ChangedFile> files = RenderFixtures.sourceFiles(3_000);
        Evaluation e = RenderFixtures.pr().number(number).author(RenderFixtures.COPILOT).files(files, 3_000)
                .commits(RenderFixtures.trailerCommits(250), false).evaluate();
        e = RenderFixtures.withMissingTests(e, files.stream().map(ChangedFile::filename).toList());
        return PullRequestResult.of(RenderFixtures.key(number), RenderFixtures.HEAD_SHA, e, RenderFixtures.POLICY_PATH);
    }

    @Benchmark
    public CheckRunContent typicalPullRequest() {
        return renderer.render(typical);
    }

    @Benchmark
    public CheckRunContent largestPullRequest() {
        return renderer.render(largest);
    }

    @Benchmark
    public CheckRunContent fiveLargestOnOneCommit() {
        return renderer.renderCombined(stacked);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RenderBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
