package dev.aigate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code health [--url URL]}: exit 0 when the local server answers its liveness probe. The container image's
 * HEALTHCHECK runs this, so the image needs no curl.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Exit 0 when the local server answers its liveness probe (for container health checks).",
                "Asks http://127.0.0.1 on MICRONAUT_SERVER_PORT (8080 if unset)/health/liveness unless --url is given."})
public class HealthCommand extends CliCommand {

    private final Map<String, String> env;

    @Option(names = "--url", paramLabel = "URL", description = "The URL to ask instead of the local liveness probe.")
    String url;

    public HealthCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "health [--url URL]   exit 0 when the local server is alive (for container health checks)";
    }

    @Override
    public Integer call() {
        String url = this.url == null ? CliCommand.localServer(env) + "/health/liveness" : this.url;
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            out.println(response.statusCode() + " " + response.body());
            return response.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            err.println("health: " + url + " unreachable (" + e.getClass().getSimpleName() + ")");
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }
    }
}
