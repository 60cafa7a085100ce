package dev.aigate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/** The real server in a process of its own, for tests that kill it, run two of it, or time it from outside. */
public final class ServerProcess {

    private ServerProcess() {
    }

    /**
     * JVM options for servers and commands the tests start: a small heap, and the quick compiler and serial
     * collector, which start a short-lived JVM in about half the CPU time on a small machine. Benchmarks start
     * their server without them.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** The {@code java} of the JVM running the tests. */
    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The environment every such test starts from: the App's id, key and secret, its data directory and port,
     * GitHub at {@code githubUrl}, and no recovery sweeps (the tests drive all work through deliveries).
     */
    public static Map<String, String> environment(String githubUrl, Path key, String secret, Path data, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("AIGATE_GITHUB_API_URL", githubUrl);
        env.put("AIGATE_APP_ID", "12345");
        env.put("AIGATE_PRIVATE_KEY_FILE", key.toString());
        env.put("AIGATE_WEBHOOK_SECRET", secret);
        env.put("AIGATE_DATA_DIR", data.toString());
        env.put("AIGATE_RECOVERY_ENABLED", "false");
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        return env;
    }

    /** Starts {@code dev.aigate.Application} from the tests' classpath with {@code env}, its output appended to {@code log}. */
    public static Process start(Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBin());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.aigate.Application"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for {@code /health/liveness}; fails with the server's log if it exits or never answers. */
    public static void awaitHealth(String base, Process p, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try {
            Eventually.eventually("the server at " + base + " answers").atMost(Duration.ofSeconds(120)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the server exited:\n" + Files.readString(log));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(base + "/health/liveness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
                } catch (IOException notYet) {
                    return false; // still starting
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the server did not start:\n" + Files.readString(log), e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
