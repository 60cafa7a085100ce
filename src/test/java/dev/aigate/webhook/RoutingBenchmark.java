package dev.aigate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.testing.Fixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What ingress spends reading the routing fields of a 28 KB {@code pull_request} delivery, pretty-printed as in
 * GitHub's examples and compact: the scan ingress uses ({@link RoutingFields#read}), Jackson's filtering parser it
 * used before, and the whole tree. Figures go to docs/performance.md.
 *
 * <pre>bench/run-test-main.sh dev.aigate.webhook.RoutingBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {

    @Param({"pretty", "compact"})
    public String layout;

    private byte[] body;
    private final JacksonRoutingOracle filtered = new JacksonRoutingOracle(RoutingFields.PATHS);

    @Setup
    public void setUp() throws IOException {
        byte[] pretty = Fixtures.bytes("github/webhooks/pull_request/synchronize.1.json");
        body = layout.equals("pretty") ? pretty : Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(pretty));
    }

    @Benchmark
    public JsonNode scan() throws IOException {
        return RoutingFields.read(Fixtures.JSON, body);
    }

    @Benchmark
    public JsonNode jacksonFiltered() throws IOException {
        return filtered.read(Fixtures.JSON, body);
    }

    @Benchmark
    public JsonNode jacksonWholeTree() throws IOException {
        return Fixtures.JSON.readTree(body);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RoutingBenchmark.class.getSimpleName()).addProfiler("gc").build()).run();
    }
}
