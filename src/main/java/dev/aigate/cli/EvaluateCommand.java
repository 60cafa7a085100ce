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
import dev.aigate.app.SignalCatalogues;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.EvaluationBudget;
import dev.aigate.policy.GateEvaluator;
import dev.aigate.policy.Mode;
import dev.aigate.policy.PolicySources;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.checks.Conclusions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code evaluate --policy FILE --pr owner/repo#N}: a dry run. Loads the pull request from GitHub,
 * judges it under the given policy file, and prints the check run ai-gate would post. Writes
 * nothing to GitHub. Reads with {@code GITHUB_TOKEN} when set, else as the App installation on the
 * repository ({@code AIGATE_APP_ID} and the private key).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Dry run: load a pull request from GitHub, judge it under a policy file and print the check run"
                + " ai-gate would post. Writes nothing to GitHub.",
                "Reads with GITHUB_TOKEN when set (any token that can read the repository; for a public repository"
                        + " any token at all), else as the App's installation (AIGATE_APP_ID and AIGATE_PRIVATE_KEY_FILE,"
                        + " or the App stored in AIGATE_DATA_DIR). Needs no webhook secret and no data directory."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:printed", "2:usage error or unreadable policy file",
                "3:GitHub could not be read"})
public final class EvaluateCommand extends CliCommand {

    private final Map<String, String> env;

    @Option(names = "--policy", paramLabel = "FILE", required = true, description = "The policy file to judge under.")
    String policyPath;

    @Option(names = "--pr", paramLabel = "owner/repo#N", required = true, description = "The pull request, e.g. octo-org/app#42.")
    String pr;

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
    public Integer call() {
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
        // A dry run keeps nothing: without AIGATE_DATA_DIR its HTTP cache lives in a temporary directory.
        String configuredDir = env.getOrDefault("AIGATE_DATA_DIR", "");
        Path scratch = null;
        String dataDir = configuredDir;
        if (configuredDir.isBlank()) {
            try {
                scratch = Files.createTempDirectory("ai-gate-evaluate");
            } catch (IOException e) {
                err.println("evaluate: cannot create a temporary directory: " + e.getMessage());
                return 3;
            }
            dataDir = scratch.toString();
        }
        GitHubClients clients = new GitHubClients(settings, apiOnly(credentials), new GateMetrics(new SimpleMeterRegistry()), dataDir);
        try {
            InstallationApi api = api(clients, credentials, key);
            SnapshotLoader loader = new SnapshotLoader(new PolicyResolver("none"));
            PolicyFile file = new PolicyFile(PolicyFile.Origin.COMMAND_LINE, policyPath, policyPath, policyText);
            JsonNode pull = loader.pullRequest(api, key);
            SnapshotLoader.Loaded loaded = loader.load(api, key, pull, Optional.of(file));
            PullRequestSnapshot snapshot = loaded.snapshot();
            Evaluation evaluation = new GateEvaluator(new ProvenanceClassifier(SignalCatalogues.configured(env.get("AIGATE_SIGNALS_FILE"))), PolicySources.NONE,
                    EvaluationBudget.DEFAULT, System::nanoTime, Mode.parse(env.getOrDefault("AIGATE_DEFAULT_MODE", "")))
                    .evaluate(snapshot, file, loaded.parsed().orElseThrow());
            CheckRunContent output = new CheckRunRenderer(env.get("AIGATE_PUBLIC_URL"))
                    .render(key, snapshot.head().sha(), evaluation, null);
            out.println("ai-gate would post on " + key + " at " + snapshot.head().sha() + " (dry run, nothing written):");
            out.println("conclusion: " + output.conclusion());
            if (evaluation.mode() != null) {
                // Both verdicts: the one posted, and what enforcing every rule would conclude.
                out.println("mode: " + evaluation.mode().id());
                out.println("would conclude: " + Conclusions.of(evaluation.wouldVerdict()) + " (if every rule were enforced)");
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
            if (scratch != null) {
                deleteQuietly(scratch);
            }
        }
    }

    /** The App's id and key without the webhook secret: a dry run receives no webhooks. */
    private static CredentialsProvider apiOnly(LayeredCredentialsProvider layered) {
        return CredentialsProvider.apiOnly(layered::forApi, layered::missingForApi);
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** GITHUB_TOKEN if set; otherwise the App's installation on the repository. */
    private InstallationApi api(GitHubClients clients, LayeredCredentialsProvider layered, PullRequestKey key) throws IOException {
        String token = env.get("GITHUB_TOKEN");
        if (token != null && !token.isBlank()) {
            return clients.withToken(token.strip());
        }
        CredentialsProvider credentials = apiOnly(layered);
        if (credentials.current().isEmpty()) {
            throw new IOException("no credentials to read GitHub with: set GITHUB_TOKEN (enough for a public repository),"
                    + " or the App's credentials; missing: " + String.join("; ", credentials.missing()));
        }
        return clients.api(clients.app().get("/repos/" + InstallationApi.repoPath(key.repo().fullName())
                + "/installation").path("id").asLong());
    }
}
