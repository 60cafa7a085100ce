package dev.aigate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.admin.AdminToken;
import dev.aigate.github.AppCredentials;
import dev.aigate.github.GitHubAppApi;
import dev.aigate.setup.LayeredCredentialsProvider;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code reevaluate owner/repo [#N] [--server URL]}: asks the running server to evaluate one pull request
 * again, or every open one in the repository. Finds the App installation for the repository with the App
 * JWT, then calls the server's {@code POST /api/admin/reevaluate} with the admin token (see
 * {@link AdminToken}). Exit 0 when the server queued the work, 1 when it or GitHub refused, 2 on usage or
 * configuration errors.
 */
@Command(name = "reevaluate", mixinStandardHelpOptions = true,
        description = {"Ask the running server to evaluate one pull request again, or every open one in the repository.",
                "Needs the App's id and private key, and the admin token: AIGATE_ADMIN_TOKEN, or by default the one"
                        + " the server derives from the webhook secret (AIGATE_WEBHOOK_SECRET or the App in AIGATE_DATA_DIR)."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:the server queued the work",
                "1:the server or GitHub refused", "2:usage or configuration error"})
public class ReevaluateCommand extends CliCommand {

    private static final Pattern TARGET = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}?)(?:#(\\d+))?");
    private static final Pattern NUMBER = Pattern.compile("#?(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    @Parameters(paramLabel = "TARGET", arity = "1..2", description = "owner/repo, owner/repo#N, or owner/repo #N.")
    List<String> positional;

    @Option(names = "--server", paramLabel = "URL",
            description = "The server's base URL. Default: http://127.0.0.1 on MICRONAUT_SERVER_PORT (8080 if unset).")
    String server;

    public ReevaluateCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "reevaluate owner/repo [#N] [--server URL]   evaluate a pull request (or all open ones) again";
    }

    @Override
    public Integer call() {
        String server = this.server == null ? CliCommand.localServer(env) : this.server;
        Matcher target = positional.isEmpty() ? null : TARGET.matcher(positional.get(0));
        if (target == null || !target.matches() || positional.size() > 2
                || (positional.size() == 2 && target.group(2) != null)) {
            err.println("usage: java -jar ai-gate.jar " + usage());
            return 2;
        }
        String repo = target.group(1);
        Integer number = target.group(2) == null ? null : Integer.valueOf(target.group(2));
        if (positional.size() == 2) {
            Matcher n = NUMBER.matcher(positional.get(1));
            if (!n.matches()) {
                err.println("reevaluate: expected a pull request number like #12, not " + positional.get(1));
                return 2;
            }
            number = Integer.valueOf(n.group(1));
        }

        LayeredCredentialsProvider provider = LayeredCredentialsProvider.fromEnvironment(env);
        Optional<AppCredentials> credentials = provider.current();
        if (credentials.isEmpty()) {
            err.println("reevaluate: no App credentials; missing: " + String.join("; ", provider.missing()));
            return 2;
        }
        Optional<String> token = AdminToken.resolve(env.get("AIGATE_ADMIN_TOKEN"), provider);
        if (token.isEmpty()) {
            err.println("reevaluate: set AIGATE_ADMIN_TOKEN (the same value as the server's)");
            return 2;
        }
        try {
            GitHubAppApi api = new GitHubAppApi(provider.settings().getApiUrl(), credentials.get());
            GitHubAppApi.Page installation = api.get(api.url("/repos/" + repo + "/installation"));
            if (installation.status() == 404) {
                err.println("reevaluate: the App is not installed on " + repo);
                return 1;
            }
            if (installation.status() != 200) {
                err.println("reevaluate: GitHub answered HTTP " + installation.status()
                        + " looking up the installation for " + repo);
                return 1;
            }
            long installationId = installation.body().path("id").asLong();
            return ask(server, token.get(), installationId, repo, number, out, err);
        } catch (IOException e) {
            err.println("reevaluate: " + e.getMessage());
            return 1;
        }
    }

    private int ask(String server, String token, long installationId, String repo, Integer number,
                    PrintStream out, PrintStream err) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("installationId", installationId);
        body.put("repo", repo);
        if (number != null) {
            body.put("number", number);
        }
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        Request request = new Request.Builder().url(base + "/api/admin/reevaluate")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(JSON.writeValueAsBytes(body), MediaType.get("application/json")))
                .build();
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (response.code() == 202) {
                out.println("queued " + (number == null ? repo + " (every open pull request)" : repo + "#" + number)
                        + " for re-evaluation");
                return 0;
            }
            err.println("reevaluate: the server at " + base + " answered HTTP " + response.code() + ": " + text);
            return 1;
        } catch (IOException e) {
            throw new IOException("cannot reach the server at " + base + " (" + e.getMessage()
                    + "); pass --server URL", e);
        }
    }
}
