package dev.aigate.github;

/**
 * The GitHub App's identity. {@link #toString()} never shows the key or the secret.
 *
 * @param appId         the numeric App id
 * @param privateKeyPem the App's private key, PEM, PKCS#1 or PKCS#8
 * @param webhookSecret the secret GitHub signs webhook deliveries with
 */
public record AppCredentials(String appId, String privateKeyPem, String webhookSecret) {

    @Override
    public String toString() {
        return "AppCredentials[appId=" + appId + ", privateKey=<redacted>, webhookSecret=<redacted>]";
    }
}
