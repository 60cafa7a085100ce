package dev.aigate.github;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Server settings for talking to GitHub, bound from {@code aigate.github.*} (see application.yml
 * for the environment variable of each).
 */
@ConfigurationProperties("aigate.github")
public class GitHubSettings {

    private String apiUrl = "https://api.github.com";
    private String webUrl = "";
    private String appId = "";
    private String privateKeyFile = "";
    private String privateKey = "";
    private String webhookSecret = "";
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;

    /** The default of {@code AIGATE_GITHUB_CALL_TIMEOUT}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://api.github.com" : apiUrl.strip();
    }

    /**
     * GitHub's web pages (where Apps are created and live): {@code AIGATE_GITHUB_WEB_URL} when set, otherwise
     * the host of a GitHub Enterprise Server API ({@code https://HOST/api/v3}), otherwise {@code https://github.com}.
     * The operator's setting only: nothing a browser sends changes it. No trailing slash.
     */
    public String getWebUrl() {
        if (!webUrl.isEmpty()) {
            return webUrl;
        }
        String api = stripSlash(apiUrl);
        return api.endsWith("/api/v3") ? api.substring(0, api.length() - "/api/v3".length()) : "https://github.com";
    }

    public void setWebUrl(String webUrl) {
        this.webUrl = webUrl == null || webUrl.isBlank() ? "" : stripSlash(webUrl.strip());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String getAppId() {
        return appId;
    }

    public void setAppId(String appId) {
        this.appId = appId == null ? "" : appId.strip();
    }

    public String getPrivateKeyFile() {
        return privateKeyFile;
    }

    public void setPrivateKeyFile(String privateKeyFile) {
        this.privateKeyFile = privateKeyFile == null ? "" : privateKeyFile.strip();
    }

    public String getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(String privateKey) {
        this.privateKey = privateKey == null ? "" : privateKey;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret == null ? "" : webhookSecret;
    }

    /** The most one GitHub call may take from start to last byte ({@code AIGATE_GITHUB_CALL_TIMEOUT}). */
    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
            throw new IllegalArgumentException("AIGATE_GITHUB_CALL_TIMEOUT must be positive, was " + callTimeout);
        }
        this.callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
    }

    @Override
    public String toString() {
        return "GitHubSettings[apiUrl=" + apiUrl + ", webUrl=" + getWebUrl() + ", appId=" + appId
                + ", privateKeyFile=" + privateKeyFile
                + ", privateKey=<redacted>, webhookSecret=<redacted>, callTimeout=" + callTimeout + "]";
    }
}
