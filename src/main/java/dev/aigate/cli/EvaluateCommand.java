package dev.aigate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.CheckRunRenderer;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.github.GitHubCallException;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubSettings;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.PolicyResolver;
import dev.aigate.github.SnapshotLoader;
import dev.aigate.setup.LayeredCredentialsProvider;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.EvaluationBudget;
import dev.aigate.policy.GateEvaluator;
import dev.aigate.policy.Mode;
import dev.aigate.policy.PolicySources;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code evaluate --policy FILE --pr owner/repo#N}: a dry run. Loads the pull request from GitHub,
 * judges it under the given policy file, and prints the check run ai-gate would post. Writes
 * nothing to GitHub. Reads with {@code GITHUB_TOKEN} when set, else as the App installation on the
 * repository ({@code AIGATE_APP_ID} and the private key).
 */
public final class EvaluateCommand implements CliCommand {

    private final Map<String, String> env;

    public EvaluateCommand() {
        this(System.getenv());
    }

    EvaluateCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "evaluate --policy FILE --pr owner/repo#N   dry run: print the check run it would post";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String policyPath = null;
        String pr = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--policy") || a.equals("--pr")) && i + 1 < args.size()) {
                if (a.equals("--policy")) {
                    policyPath = args.get(++i);
                } else {
                    pr = args.get(++i);
                }
            } else {
                err.println("evaluate: unexpected argument '" + a + "'");
                err.println("usage: java -jar ai-gate.jar " + usage());
                return 2;
            }
        }
        if (policyPath == null || pr == null) {
            err.println("usage: java -jar ai-gate.jar " + usage());
            return 2;
        }
        PullRequestKey key;
        String policyText;
        try {
            key = PullRequestKey.parse(pr);
            policyText = Files.readString(Path.of(policyPath), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            err.println("evaluate: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("evaluate: no such policy file: " + policyPath);
            return 2;
        } catch (IOException e) {
            err.println("evaluate: cannot read " + policyPath + ": " + e.getMessage());
            return 2;
        }

        // The environment first, then an App registered through /setup in AIGATE_DATA_DIR.
        LayeredCredentialsProvider credentials = LayeredCredentialsProvider.fromEnvironment(env);
        GitHubSettings settings = credentials.settings();
        String dataDir = env.getOrDefault("AIGATE_DATA_DIR", "./data");
        GitHubClients clients = new GitHubClients(settings, credentials, new GateMetrics(new SimpleMeterRegistry()), dataDir);
        try {
            InstallationApi api = api(clients, credentials, key);
            SnapshotLoader loader = new SnapshotLoader(new PolicyResolver("none"));
            PolicyFile file = new PolicyFile(PolicyFile.Origin.COMMAND_LINE, policyPath, policyPath, policyText);
            JsonNode pull = loader.pullRequest(api, key);
            SnapshotLoader.Loaded loaded = loader.load(api, key, pull, Optional.of(file));
            PullRequestSnapshot snapshot = loaded.snapshot();
            Evaluation evaluation = new GateEvaluator(new ProvenanceClassifier(SignalCatalogue.builtIn()), PolicySources.NONE,
                    EvaluationBudget.DEFAULT, System::nanoTime, Mode.parse(env.getOrDefault("AIGATE_DEFAULT_MODE", "")))
                    .evaluate(snapshot, file, loaded.parsed().orElseThrow());
            CheckRunContent output = new CheckRunRenderer(env.get("AIGATE_PUBLIC_URL"))
                    .render(key, snapshot.head().sha(), evaluation, null);
            out.println("ai-gate would post on " + key + " at " + snapshot.head().sha() + " (dry run, nothing written):");
            out.println("conclusion: " + output.conclusion());
            if (evaluation.mode() != null) {
                // Both verdicts: the one posted, and what enforcing every rule would conclude.
                out.println("mode: " + evaluation.mode().id());
                out.println("would conclude: " + evaluation.wouldVerdict().conclusion() + " (if every rule were enforced)");
            }
            out.println("title: " + output.title());
            out.println();
            out.println(output.summary());
            if (output.text() != null && !output.text().isEmpty()) {
                out.println(output.text());
            }
            return 0;
        } catch (GitHubCallException e) {
            err.println("evaluate: " + e.getMessage() + (e.status() == 401 || e.status() == 404
                    ? " (check that the token or App installation can read " + key.repo() + ")" : ""));
            return 3;
        } catch (IOException | RuntimeException e) {
            err.println("evaluate: " + e.getMessage());
            return 3;
        } finally {
            try {
                clients.close();
            } catch (IOException ignored) {
                // nothing left to do on the way out
            }
        }
    }

    /** GITHUB_TOKEN if set; otherwise the App's installation on the repository. */
    private InstallationApi api(GitHubClients clients, CredentialsProvider credentials, PullRequestKey key) throws IOException {
        String token = env.get("GITHUB_TOKEN");
        if (token != null && !token.isBlank()) {
            return InstallationApi.withToken(clients, token.strip());
        }
        if (credentials.current().isEmpty()) {
            throw new IOException("set GITHUB_TOKEN, or the App's AIGATE_APP_ID and AIGATE_PRIVATE_KEY_FILE");
        }
        Request request = new Request.Builder()
                .url(clients.apiUrl() + "/repos/" + key.repo().fullName() + "/installation")
                .header("Authorization", clients.appAuthorization())
                .header("Accept", "application/vnd.github+json")
                .get().build();
        try (Response response = clients.http().newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new GitHubCallException("finding the App's installation on " + key.repo(), response.code(),
                        response.headers().toMultimap());
            }
            long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body().byteStream())
                    .path("id").asLong();
            return clients.api(id);
        }
    }
}
