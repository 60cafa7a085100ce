package dev.aigate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.action.ActionEvent;
import dev.aigate.action.ActionInputs;
import dev.aigate.action.ActionRun;
import dev.aigate.action.CheckRunWriter;
import dev.aigate.action.MissingPermission;
import dev.aigate.action.StepSummary;
import dev.aigate.app.EvaluatePullRequest;
import dev.aigate.app.SignalCatalogues;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.UnjudgedCheckRun;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubFailures;
import dev.aigate.github.GitHubSettings;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.PolicyResolver;
import dev.aigate.github.SnapshotLoader;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.policy.Mode;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.checks.Conclusions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code action}: one step of a GitHub Actions workflow (deploy/action/action.yml runs it). Reads the event
 * the runner hands over, judges the pull requests it names with the job's token, and posts the {@code ai-gate}
 * check run, or (mode job-status, or when the token may not write checks) makes this process's exit code the
 * gate. No server, no App credentials, no store. Exit codes: 0 posted or passed, 1 blocked or could not judge
 * (fails closed), 2 misconfigured.
 */
@Command(name = "action", mixinStandardHelpOptions = true,
        description = {"One step of a GitHub Actions workflow: judge the event's pull requests with the job's token and post"
                + " the ai-gate check run. Takes no arguments; reads the step's environment (docs/action.md)."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:posted or passed", "1:blocked or could not judge",
                "2:misconfigured"})
public final class ActionCommand extends CliCommand {

    private static final CredentialsProvider NO_APP = CredentialsProvider.apiOnly(Optional::empty,
            () -> List.of("nothing: the action command reads and writes with the job's token"));

    private final Map<String, String> env;

    public ActionCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String usage() {
        return "action   a GitHub Actions step: judge the event's pull requests with the job's token (docs/action.md)";
    }

    @Override
    public Integer call() {
        // The runner's log is UTF-8 whatever the locale (a bare runner may have none): write bytes, not the locale's charset.
        PrintStream out = new PrintStream(this.out, true, java.nio.charset.StandardCharsets.UTF_8);
        ActionInputs inputs;
        JsonNode payload;
        SignalCatalogue catalogue;
        Mode defaultMode;
        try {
            inputs = ActionInputs.from(env);
            defaultMode = EvaluatePullRequest.defaultMode(env.get("AIGATE_DEFAULT_MODE"));
            // As at the App's start-up: a signals file that cannot be used stops the step, not the gate's judgement
            // (a gate that silently ran without the operator's signals would let their agents through).
            catalogue = SignalCatalogues.configured(env.get("AIGATE_SIGNALS_FILE"));
            payload = new ObjectMapper().readTree(inputs.eventPath().toFile());
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            err.println("action: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("action: cannot read the event payload at " + env.get("GITHUB_EVENT_PATH") + ": " + e.getMessage());
            return 2;
        }
        ActionEvent event = ActionEvent.read(inputs.eventName(), payload);
        if (event.skipped() != null) {
            out.println("ai-gate: " + event.skipped());
            return 0;
        }
        StepSummary summary = new StepSummary(inputs.stepSummary());
        Path scratch = null;
        GitHubClients clients = null;
        try {
            scratch = Files.createTempDirectory(Path.of(env.getOrDefault("RUNNER_TEMP", System.getProperty("java.io.tmpdir"))),
                    "ai-gate-");
            GitHubSettings settings = new GitHubSettings();
            settings.setApiUrl(inputs.apiUrl());
            clients = new GitHubClients(settings, NO_APP, new GateMetrics(new SimpleMeterRegistry()), scratch.toString());
            return gate(inputs, event, clients, summary, out, catalogue, defaultMode);
        } catch (IOException | RuntimeException e) {
            Optional<MissingPermission.Advice> advice = e instanceof IOException io ? MissingPermission.advice(io) : Optional.empty();
            String reason = oneLine(e.getMessage());
            out.println("ai-gate: could not judge " + event.repository() + " " + targets(event) + ", so the gate fails"
                    + " closed: " + reason);
            advice.ifPresent(a -> {
                out.println("ai-gate: " + a.sentence());
                if (a.yaml() != null) {
                    a.yaml().lines().forEach(l -> out.println("ai-gate:   " + l));
                }
            });
            CheckRunContent failed = UnjudgedCheckRun.render(reason, advice.map(MissingPermission.Advice::sentence).orElse(null),
                    advice.map(MissingPermission.Advice::yaml).orElse(null), inputs.runUrl());
            summary.append(failed.summary());
            if (inputs.mode() == ActionInputs.Mode.CHECK_RUN && clients != null) {
                postFailure(clients, inputs, event, failed, out);
            }
            return 1;
        } finally {
            out.flush();
            summary.write(err);
            close(clients, scratch);
        }
    }

    private int gate(ActionInputs inputs, ActionEvent event, GitHubClients clients, StepSummary summary, PrintStream out,
                     SignalCatalogue catalogue, Mode defaultMode) throws IOException {
        String token = inputs.token();
        PolicyResolver resolver = new PolicyResolver(env.getOrDefault("AIGATE_DEFAULT_POLICY", ""));
        ActionRun.Judged judged = new ActionRun(InstallationApi.withToken(clients, token), new SnapshotLoader(resolver), inputs,
                catalogue, defaultMode).judge(event);
        judged.skipped().forEach(s -> out.println("ai-gate: " + s));
        if (judged.gates().isEmpty()) {
            return 0;
        }
        boolean jobStatus = inputs.mode() == ActionInputs.Mode.JOB_STATUS;
        String fallback = null;
        CheckRunWriter writer = jobStatus ? null : new CheckRunWriter(clients, token);
        int exit = 0;
        for (ActionRun.Gate g : judged.gates()) {
            CheckRunContent c = g.content();
            String prs = g.results().stream().map(r -> "#" + r.pr().number()).reduce((a, b) -> a + ", " + b).orElse("");
            String verdict = c.conclusion() + " · " + oneLine(c.title());
            if (!jobStatus && fallback == null) {
                try {
                    long id = writer.post(g.baseRepo(), g.headSha(), c);
                    out.println("ai-gate: " + event.repository() + " " + prs + " at " + g.headSha() + ": " + verdict
                            + " (posted as the ai-gate check run, id " + id + ")");
                    summary.append(heading(event, prs, c) + c.summary() + details(c));
                    continue;
                } catch (IOException e) {
                    if (GitHubFailures.status(e) != 403) {
                        throw e;
                    }
                    fallback = "the token may not write check runs (GitHub answered 403), so this job's status is the"
                            + " gate instead. A pull_request from a fork always gets a read-only token: run ai-gate on"
                            + " pull_request_target, or add `checks: write` to the job's `permissions:`.";
                    out.println("ai-gate: " + fallback);
                }
            }
            boolean blocks = Conclusions.blocks(c.conclusion());
            out.println("ai-gate: " + event.repository() + " " + prs + " at " + g.headSha() + ": " + verdict
                    + (blocks ? " — this job fails" : " — this job passes"));
            if (blocks) {
                out.println("::error title=ai-gate::" + escape(prs + ": " + c.title()));
                exit = 1;
            }
            summary.append(heading(event, prs, c) + (fallback == null ? "" : "> " + fallback + "\n\n") + c.summary() + details(c));
        }
        return exit;
    }

    /**
     * A failure to judge still marks the head the payload names, so that an earlier passing ai-gate check on
     * it cannot stand; when even that write is refused, the job's failure is all that shows.
     */
    private static void postFailure(GitHubClients clients, ActionInputs inputs, ActionEvent event, CheckRunContent failed,
                                    PrintStream out) {
        if (event.payloadHead() == null || event.repoJson() == null || event.repoJson().isMissingNode()) {
            return;
        }
        try {
            long id = new CheckRunWriter(clients, inputs.token()).post(event.repoJson(), event.payloadHead(), failed);
            out.println("ai-gate: posted a failing ai-gate check run on " + event.payloadHead() + " (id " + id + ")");
        } catch (IOException | RuntimeException e) {
            out.println("ai-gate: could not post the failing check run either: " + oneLine(e.getMessage()));
        }
    }

    private static String heading(ActionEvent event, String prs, CheckRunContent c) {
        return "## ai-gate on " + event.repository() + " " + prs + ": " + c.conclusion() + "\n\n";
    }

    private static String details(CheckRunContent c) {
        return c.text() == null || c.text().isEmpty() ? ""
                : "\n\n<details><summary>Details</summary>\n\n" + c.text() + "\n\n</details>\n";
    }

    private static String targets(ActionEvent event) {
        List<String> out = new ArrayList<>();
        event.targets().forEach(n -> out.add("#" + n));
        return String.join(", ", out);
    }

    /** One line of our own for stdout: nothing a pull request wrote can start a workflow command. */
    static String oneLine(String s) {
        String flat = String.valueOf(s).replaceAll("[\\r\\n]+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    /** The escaping GitHub's workflow commands use for a message. */
    static String escape(String s) {
        return oneLine(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static void close(GitHubClients clients, Path scratch) {
        try {
            if (clients != null) {
                clients.close();
            }
            if (scratch != null) {
                try (Stream<Path> paths = Files.walk(scratch)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException ignored) {
            // a temporary directory on a runner that is about to be discarded
        }
    }
}
