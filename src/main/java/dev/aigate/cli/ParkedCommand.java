package dev.aigate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.admin.AdminToken;
import dev.aigate.setup.LayeredCredentialsProvider;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code parked [--retry KEY | --retry-all] [--server URL]}: lists the jobs the running server
 * parked after running out of attempts, or makes them due again. Talks to the server's admin API
 * with the admin token (see {@link AdminToken}). Exit 0 on success, 1 when the server refused,
 * 2 on usage or configuration errors.
 */
@Command(name = "parked", mixinStandardHelpOptions = true,
        description = {"List the jobs the running server parked after running out of attempts, or make them due again.",
                "Uses the admin token: AIGATE_ADMIN_TOKEN, or by default the one the server derives from the webhook"
                        + " secret (AIGATE_WEBHOOK_SECRET, or the App stored in AIGATE_DATA_DIR): run it with the server's"
                        + " environment and it needs nothing else."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:success", "1:the server refused or is unreachable",
                "2:usage or configuration error"})
public class ParkedCommand extends CliCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    @Option(names = "--server", paramLabel = "URL",
            description = "The server's base URL. Default: http://127.0.0.1 on MICRONAUT_SERVER_PORT (8080 if unset).")
    String server;

    @ArgGroup(exclusive = true)
    Retry retry;

    static final class Retry {
        @Option(names = "--retry", paramLabel = "KEY", required = true, description = "Make the parked job KEY due again.")
        String key;

        @Option(names = "--retry-all", required = true, description = "Make every parked job due again.")
        boolean all;
    }

    public ParkedCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "parked [--retry KEY | --retry-all] [--server URL]   list or retry jobs that ran out of attempts";
    }

    @Override
    public Integer call() {
        String server = this.server == null ? CliCommand.localServer(env) : this.server;
        String retryKey = retry == null ? null : retry.key;
        boolean retryAll = retry != null && retry.all;
        Optional<String> token = AdminToken.resolve(env.get("AIGATE_ADMIN_TOKEN"), LayeredCredentialsProvider.fromEnvironment(env));
        if (token.isEmpty()) {
            err.println("parked: no admin token: set AIGATE_ADMIN_TOKEN to the server's, or run with the server's"
                    + " AIGATE_WEBHOOK_SECRET (or its AIGATE_DATA_DIR), from which the server derives its default token");
            return 2;
        }
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        Request.Builder request = new Request.Builder().header("Authorization", "Bearer " + token.get());
        try {
            if (retryKey == null && !retryAll) {
                request.url(base + "/api/admin/parked").get();
            } else {
                ObjectNode body = JSON.createObjectNode();
                if (retryAll) {
                    body.put("all", true);
                } else {
                    body.put("key", retryKey);
                }
                request.url(base + "/api/admin/parked/retry")
                        .post(RequestBody.create(JSON.writeValueAsBytes(body), MediaType.get("application/json")));
            }
            OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
            try (Response response = http.newCall(request.build()).execute()) {
                String text = response.body() == null ? "" : response.body().string();
                if (!response.isSuccessful()) {
                    err.println("parked: the server at " + base + " answered HTTP " + response.code() + ": " + text);
                    return 1;
                }
                JsonNode answer = JSON.readTree(text);
                if (answer.has("retried")) {
                    out.println("made " + answer.path("retried").asInt() + " parked job(s) due again");
                    return 0;
                }
                JsonNode jobs = answer.path("parked");
                if (jobs.isEmpty()) {
                    out.println("no parked jobs");
                }
                for (JsonNode job : jobs) {
                    out.println(job.path("key").asText() + "  attempts " + job.path("attempts").asInt() + "  parked "
                            + job.path("parkedAt").asText() + "  last error: " + job.path("lastError").asText());
                }
                return 0;
            }
        } catch (IOException e) {
            err.println("parked: cannot reach the server at " + base + " (" + e.getMessage() + "); pass --server URL");
            return 1;
        }
    }
}
