package dev.aigate.action;

import dev.aigate.github.PolicyResolver;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The step's configuration, from the environment the runner sets and {@code deploy/action/action.yml}
 * maps its inputs into.
 *
 * @param policy         the policy's path in the repository, read from the base branch
 * @param explicitPolicy true when the workflow named a policy: then it must exist (else the gate fails closed);
 *                       false for the default, which falls back to the organisation and shipped policy as the App does
 * @param runUrl         this workflow run's page, the check run's details link; null outside a runner
 */
public record ActionInputs(String eventName, Path eventPath, String apiUrl, String token, Mode mode, String policy,
                           boolean explicitPolicy, Path stepSummary, String runUrl) {

    /** How the gate shows: as the {@code ai-gate} check run, or as this job's own pass/fail. */
    public enum Mode {
        CHECK_RUN("check-run"), JOB_STATUS("job-status");

        public final String input;

        Mode(String input) {
            this.input = input;
        }
    }

    /** Each input of action.yml and the variable the jar reads it from (action.yml maps them explicitly). */
    public static final Map<String, String> INPUT_ENV;
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_.@+-]+(/[A-Za-z0-9_.@+-]+)*");

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("policy", "INPUT_POLICY");
        m.put("github-token", "INPUT_GITHUB_TOKEN");
        m.put("mode", "INPUT_MODE");
        INPUT_ENV = java.util.Collections.unmodifiableMap(m);
    }

    /** Reads the environment; a bad or missing value throws {@link IllegalArgumentException} saying which. */
    public static ActionInputs from(Map<String, String> env) {
        String eventName = value(env, "GITHUB_EVENT_NAME");
        String eventPath = value(env, "GITHUB_EVENT_PATH");
        if (eventName == null || eventPath == null) {
            throw new IllegalArgumentException("GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: the action command"
                    + " runs as a step of a GitHub Actions workflow (see docs/action.md)");
        }
        String token = firstOf(env, INPUT_ENV.get("github-token"), "INPUT_GITHUB-TOKEN", "GITHUB_TOKEN");
        if (token == null) {
            throw new IllegalArgumentException("no token: set the github-token input (its default is ${{ github.token }})");
        }
        String modeText = firstOf(env, INPUT_ENV.get("mode"));
        Mode mode = Mode.CHECK_RUN;
        if (modeText != null) {
            mode = switch (modeText.toLowerCase(Locale.ROOT)) {
                case "check-run" -> Mode.CHECK_RUN;
                case "job-status" -> Mode.JOB_STATUS;
                default -> throw new IllegalArgumentException("mode must be check-run or job-status, not '"
                        + oneLine(modeText) + "'");
            };
        }
        String policy = firstOf(env, INPUT_ENV.get("policy"));
        boolean explicit = policy != null && !policy.equals(PolicyResolver.REPO_POLICY_PATH);
        if (policy == null) {
            policy = PolicyResolver.REPO_POLICY_PATH;
        }
        if (!SAFE_PATH.matcher(policy).matches() || policy.contains("..") || policy.length() > 500) {
            throw new IllegalArgumentException("policy must be a relative path inside the repository such as "
                    + PolicyResolver.REPO_POLICY_PATH + ", not '" + oneLine(policy) + "'");
        }
        String apiUrl = firstOf(env, "GITHUB_API_URL");
        String summary = value(env, "GITHUB_STEP_SUMMARY");
        String server = value(env, "GITHUB_SERVER_URL");
        String repository = value(env, "GITHUB_REPOSITORY");
        String runId = value(env, "GITHUB_RUN_ID");
        String runUrl = server != null && repository != null && runId != null && runId.chars().allMatch(Character::isDigit)
                && server.startsWith("http") ? trimSlash(server) + "/" + repository + "/actions/runs/" + runId : null;
        return new ActionInputs(eventName, Path.of(eventPath), apiUrl == null ? "https://api.github.com" : trimSlash(apiUrl),
                token, mode, policy, explicit, summary == null ? null : Path.of(summary), runUrl);
    }

    private static String firstOf(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = value(env, n);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    static String oneLine(String s) {
        String flat = s.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
