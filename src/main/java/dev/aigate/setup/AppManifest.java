package dev.aigate.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GitHub App manifest ai-gate registers itself with: what it may read and write, and which events it
 * needs. {@code deploy/github-app-manifest.json} is this manifest for {@code https://ai-gate.example.com}
 * (a test keeps the two equal); docs/install.md explains every permission.
 */
public final class AppManifest {

    /** Webhook path relative to the public URL. */
    public static final String WEBHOOK_PATH = "/api/github/webhooks";
    /** Where GitHub sends the browser back with the one-time code. */
    public static final String CALLBACK_PATH = "/setup/callback";
    /** The sign-in callback (dev.aigate.web.auth), registered with the App so GitHub accepts it as redirect_uri. */
    public static final String SIGN_IN_CALLBACK_PATH = "/auth/callback";
    public static final String DEFAULT_NAME = "ai-gate";
    /** GitHub's limit on App names. */
    public static final int MAX_NAME_LENGTH = 34;

    /** Repository and organisation permissions, least privilege. */
    public static final Map<String, String> PERMISSIONS = ordered(
            "checks", "write",          // publish the ai-gate check run
            "pull_requests", "read",    // PR metadata, commits, files, reviews
            "contents", "read",         // .github/ai-gate.yml from the base branch, CODEOWNERS
            "statuses", "read",         // commit statuses that policies may require
            "metadata", "read",         // mandatory for every App
            "members", "read",          // organisation team membership for approval rules
            "actions", "read");         // the account that triggered an agent's workflow run: the initiator

    /** Events that can change a verdict. */
    public static final List<String> EVENTS = List.of(
            "pull_request", "pull_request_review", "check_run", "check_suite", "status",
            // a push to the default branch that changes .github/ai-gate.yml re-evaluates open pull requests
            "push");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AppManifest() {
    }

    /**
     * The manifest for a server reachable at {@code publicUrl}.
     *
     * @param publicUrl the server's public base URL ({@code AIGATE_PUBLIC_URL}), without a trailing slash
     * @param name      the App's name, unique on the GitHub instance (the owner can still change it on GitHub)
     */
    public static Map<String, Object> forServer(String publicUrl, String name) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", name);
        manifest.put("url", base);
        manifest.put("description", "Policy gates for AI-generated pull requests: classifies each pull request"
                + " by AI provenance and size and publishes the ai-gate check run.");
        manifest.put("hook_attributes", ordered("url", base + WEBHOOK_PATH, "active", true));
        manifest.put("redirect_url", base + CALLBACK_PATH);
        // Where GitHub sends a user back after "Sign in with GitHub" (the details page's sign-in).
        manifest.put("callback_urls", List.of(base + SIGN_IN_CALLBACK_PATH));
        manifest.put("public", false);
        manifest.put("default_permissions", PERMISSIONS);
        manifest.put("default_events", EVENTS);
        return manifest;
    }

    public static String toJson(Map<String, Object> manifest) {
        try {
            return JSON.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name GitHub will accept: at most 34 characters. */
    public static String defaultName(String owner) {
        String name = owner == null || owner.isBlank() ? DEFAULT_NAME : DEFAULT_NAME + "-" + owner.strip();
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
