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
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code parked [--retry KEY | --retry-all] [--server URL]}: lists the jobs the running server
 * parked after running out of attempts, or makes them due again. Talks to the server's admin API
 * with the admin token (see {@link AdminToken}). Exit 0 on success, 1 when the server refused,
 * 2 on usage or configuration errors.
 */
public class ParkedCommand implements CliCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    public ParkedCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "parked [--retry KEY | --retry-all] [--server URL]   list or retry jobs that ran out of attempts";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String server = CliCommand.localServer(env);
        String retryKey = null;
        boolean retryAll = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--server") && i + 1 < args.size()) {
                server = args.get(++i);
            } else if (a.equals("--retry") && i + 1 < args.size()) {
                retryKey = args.get(++i);
            } else if (a.equals("--retry-all")) {
                retryAll = true;
            } else {
                err.println("usage: java -jar ai-gate.jar " + usage());
                return 2;
            }
        }
        if (retryAll && retryKey != null) {
            err.println("parked: give --retry KEY or --retry-all, not both");
            return 2;
        }
        Optional<String> token = AdminToken.resolve(env.get("AIGATE_ADMIN_TOKEN"), LayeredCredentialsProvider.fromEnvironment(env));
        if (token.isEmpty()) {
            err.println("parked: set AIGATE_ADMIN_TOKEN (the same value as the server's)");
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
