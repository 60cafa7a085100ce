package dev.aigate.action;

import dev.aigate.testing.ServerProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dev.aigate.Application action} as a process of its own, as the action's last step runs the jar:
 * from the tests' classpath, or from the shaded jar when {@code -Daigate.action.jar=target/ai-gate.jar} names it
 * (after {@code ./mvnw package}), which checks the artefact the action downloads.
 */
final class ActionProcess {

    /** What the process left: exit code, stdout, stderr, and the job summary it wrote. */
    record Result(int exit, String out, String err, String summary, long millis) {

        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + " after " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err + "--- summary\n" + summary;
        }
    }

    private ActionProcess() {
    }

    /** Runs with exactly {@code env} (nothing inherited, as a runner sets only what it sets) and waits up to 90 s. */
    static Result run(Map<String, String> env, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        String jar = System.getProperty("aigate.action.jar", "");
        List<String> command = jar.isBlank()
                ? List.of(ServerProcess.javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        "dev.aigate.Application", "action")
                : List.of(ServerProcess.javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                        Path.of(jar).toAbsolutePath().toString(), "action");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process p = builder.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the action did not finish in 90 s:\n" + Files.readString(out) + Files.readString(err));
        }
        Path summary = env.containsKey("GITHUB_STEP_SUMMARY") ? Path.of(env.get("GITHUB_STEP_SUMMARY")) : null;
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                summary != null && Files.exists(summary) ? Files.readString(summary, StandardCharsets.UTF_8) : "",
                (System.nanoTime() - started) / 1_000_000);
    }
}
