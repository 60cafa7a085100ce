package dev.aigate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.github.AppCredentials;
import dev.aigate.github.GitHubAppApi;
import dev.aigate.setup.LayeredCredentialsProvider;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code redeliver [--since 24h] [--dry-run]}: GitHub does not retry failed webhook deliveries. This lists the
 * App's recent deliveries ({@code GET /app/hook/deliveries}) and asks GitHub to redeliver every one whose
 * attempts all failed ({@code POST /app/hook/deliveries/{id}/attempts}). A delivery that already succeeded on
 * a later attempt is left alone. Exit 0 when every redelivery was accepted, 1 when some were not, 2 on a
 * usage or configuration error.
 */
@Command(name = "redeliver", mixinStandardHelpOptions = true,
        description = {"Ask GitHub to resend the App's webhook deliveries that failed (GitHub does not retry them).",
                "Needs the App's id and private key (AIGATE_APP_ID, AIGATE_PRIVATE_KEY_FILE), or the App stored in AIGATE_DATA_DIR."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:every redelivery was accepted",
                "1:GitHub refused some", "2:usage or configuration error"})
public class RedeliverCommand extends CliCommand {

    /** GitHub keeps deliveries for 3 days on github.com. */
    static final Duration GITHUB_RETENTION = Duration.ofDays(3);
    private static final Pattern DURATION = Pattern.compile("(\\d+)([mhd])");

    private final Map<String, String> env;
    private final Clock clock;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h",
            description = "How far back to look: 30m, 24h or 3d (GitHub keeps 3 days). Default: ${DEFAULT-VALUE}.")
    String sinceText;

    @Option(names = "--dry-run", description = "List what would be redelivered; ask GitHub for nothing.")
    boolean dryRun;

    public RedeliverCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public String usage() {
        return "redeliver [--since 24h] [--dry-run]   ask GitHub to resend failed webhook deliveries";
    }

    @Override
    public Integer call() {
        Optional<Duration> parsed = parseDuration(sinceText);
        if (parsed.isEmpty()) {
            err.println("redeliver: --since takes a duration like 30m, 24h or 3d, not " + sinceText);
            return 2;
        }
        Duration since = parsed.get();
        if (since.compareTo(GITHUB_RETENTION) > 0) {
            err.println("redeliver: GitHub keeps deliveries for 3 days; looking back 3d");
            since = GITHUB_RETENTION;
        }
        LayeredCredentialsProvider provider = LayeredCredentialsProvider.fromEnvironment(env);
        Optional<AppCredentials> credentials = provider.forApi(); // GitHub's API needs no webhook secret
        if (credentials.isEmpty()) {
            err.println("redeliver: no App credentials; missing: " + String.join("; ", provider.missingForApi()));
            return 2;
        }
        GitHubAppApi api = new GitHubAppApi(provider.settings().getApiUrl(), credentials.get());
        try {
            return redeliver(api, clock.instant().minus(since), dryRun, out, err);
        } catch (IOException e) {
            err.println("redeliver: " + e.getMessage());
            return 1;
        }
    }

    private int redeliver(GitHubAppApi api, Instant cutoff, boolean dryRun, PrintStream out, PrintStream err)
            throws IOException {
        // guid -> the newest attempt; a guid with any successful attempt needs nothing.
        Map<String, JsonNode> newestFailed = new LinkedHashMap<>();
        List<String> succeeded = new ArrayList<>();
        String url = api.url("/app/hook/deliveries?per_page=100");
        int seen = 0;
        boolean older = false;
        while (url != null && !older) {
            GitHubAppApi.Page page = api.get(url);
            if (page.status() != 200) {
                throw new IOException("GitHub answered HTTP " + page.status() + " listing deliveries"
                        + (page.status() == 401 ? " (is AIGATE_APP_ID the id of this key's App?)" : ""));
            }
            for (JsonNode delivery : page.body()) {
                Instant at = deliveredAt(delivery);
                if (at != null && at.isBefore(cutoff)) {
                    older = true; // newest first: the rest is older too
                    continue;
                }
                seen++;
                String guid = delivery.path("guid").asText();
                if (ok(delivery)) {
                    succeeded.add(guid);
                } else {
                    newestFailed.putIfAbsent(guid, delivery);
                }
            }
            url = page.next();
        }
        succeeded.forEach(newestFailed::remove);
        out.printf("%d deliveries since %s, %d failed without a later success%n", seen, cutoff,
                newestFailed.size());
        int refused = 0;
        for (JsonNode delivery : newestFailed.values()) {
            String id = delivery.path("id").asText();
            String what = delivery.path("event").asText() + describeAction(delivery) + " " + deliveredAt(delivery)
                    + " (HTTP " + delivery.path("status_code").asInt() + ", " + delivery.path("status").asText()
                    + ") guid " + delivery.path("guid").asText();
            if (dryRun) {
                out.println("would redeliver " + id + ": " + what);
                continue;
            }
            int status = api.post(api.url("/app/hook/deliveries/" + id + "/attempts"));
            if (status == 202 || status == 200 || status == 201) {
                out.println("redelivered " + id + ": " + what);
            } else {
                refused++;
                err.println("GitHub refused to redeliver " + id + " (HTTP " + status + "): " + what);
            }
        }
        return refused == 0 ? 0 : 1;
    }

    private static String describeAction(JsonNode delivery) {
        String action = delivery.path("action").asText("");
        return action.isEmpty() || "null".equals(action) ? "" : "." + action;
    }

    private static boolean ok(JsonNode delivery) {
        int code = delivery.path("status_code").asInt(0);
        return code >= 200 && code < 300;
    }

    private static Instant deliveredAt(JsonNode delivery) {
        try {
            return Instant.parse(delivery.path("delivered_at").asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }
}
