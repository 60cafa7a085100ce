package dev.aigate.github;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Server settings for talking to GitHub, bound from {@code aigate.github.*} (see application.yml
 * for the environment variable of each).
 */
@ConfigurationProperties("aigate.github")
public class GitHubSettings {

    private String apiUrl = "https://api.github.com";
    private String appId = "";
    private String privateKeyFile = "";
    private String privateKey = "";
    private String webhookSecret = "";

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://api.github.com" : apiUrl.strip();
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

    @Override
    public String toString() {
        return "GitHubSettings[apiUrl=" + apiUrl + ", appId=" + appId + ", privateKeyFile=" + privateKeyFile
                + ", privateKey=<redacted>, webhookSecret=<redacted>]";
    }
}
