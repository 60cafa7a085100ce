package dev.aigate.setup;

import dev.aigate.github.AppCredentials;

/**
 * A GitHub App as the manifest flow created it. {@link #toString()} never shows the key or the secret.
 *
 * @param appId         the numeric App id
 * @param slug          the App's URL name, e.g. {@code ai-gate-acme}
 * @param htmlUrl       the App's page, e.g. {@code https://github.com/apps/ai-gate-acme}
 * @param apiUrl        the REST API the App was created on (github.com or a GitHub Enterprise Server)
 * @param privateKeyPem the App's private key as GitHub returned it (PKCS#1 PEM)
 * @param webhookSecret the secret GitHub signs deliveries with
 * @param clientId      the App's OAuth client id, for "Sign in with GitHub" on the details page; empty when unknown
 * @param clientSecret  the App's OAuth client secret; empty when unknown
 */
public record RegisteredApp(String appId, String slug, String htmlUrl, String apiUrl,
                            String privateKeyPem, String webhookSecret, String clientId, String clientSecret) {

    public RegisteredApp {
        clientId = clientId == null ? "" : clientId;
        clientSecret = clientSecret == null ? "" : clientSecret;
    }

    /** An App without its OAuth client (stored before sign-in existed). */
    public RegisteredApp(String appId, String slug, String htmlUrl, String apiUrl, String privateKeyPem,
                         String webhookSecret) {
        this(appId, slug, htmlUrl, apiUrl, privateKeyPem, webhookSecret, "", "");
    }

    public AppCredentials credentials() {
        return new AppCredentials(appId, privateKeyPem, webhookSecret);
    }

    /** Where an owner installs the App on their repositories. */
    public String installUrl() {
        return htmlUrl == null || htmlUrl.isBlank() ? "" : stripSlash(htmlUrl) + "/installations/new";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "RegisteredApp[appId=" + appId + ", slug=" + slug + ", htmlUrl=" + htmlUrl + ", apiUrl=" + apiUrl
                + ", privateKey=<redacted>, webhookSecret=<redacted>, clientId=" + clientId
                + ", clientSecret=<redacted>]";
    }
}
