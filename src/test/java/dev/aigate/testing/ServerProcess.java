package dev.aigate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The real server in a process of its own, for tests that kill it, run two of it, or time it from outside. */
public final class ServerProcess {

    private ServerProcess() {
    }

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
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.aigate.Application").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits up to 90 s for {@code /health/liveness}; fails with the server's log if it exits or never answers. */
    public static void awaitHealth(String base, Process p, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new AssertionError("the server exited:\n" + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health/liveness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not start in 90 s:\n" + Files.readString(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
