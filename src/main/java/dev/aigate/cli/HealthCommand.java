package dev.aigate.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code health [--url URL]}: exit 0 when the local server answers its liveness probe. The container image's
 * HEALTHCHECK runs this, so the image needs no curl.
 */
public class HealthCommand implements CliCommand {

    private final Map<String, String> env;

    public HealthCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "health [--url URL]   exit 0 when the local server is alive (for container health checks)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String url = CliCommand.localServer(env) + "/health/liveness";
        if (args.size() == 2 && "--url".equals(args.get(0))) {
            url = args.get(1);
        } else if (!args.isEmpty()) {
            err.println("usage: java -jar ai-gate.jar " + usage());
            return 2;
        }
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
