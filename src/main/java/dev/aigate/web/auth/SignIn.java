package dev.aigate.web.auth;

import dev.aigate.github.AppCredentials;
import dev.aigate.github.GitHubSettings;
import dev.aigate.github.UserApi;
import dev.aigate.setup.LayeredCredentialsProvider;
import dev.aigate.setup.RegisteredApp;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;

/**
 * How "Sign in with GitHub" is set up on this server: the App's OAuth client ({@code AIGATE_GITHUB_CLIENT_ID} and
 * {@code AIGATE_GITHUB_CLIENT_SECRET}, or the ones the manifest flow stored with the App's other credentials), the
 * secret cookies are sealed with ({@code AIGATE_SESSION_SECRET}, or else the webhook secret, which every replica
 * already shares), and where GitHub sends the browser back ({@code AIGATE_PUBLIC_URL/auth/callback}).
 */
@Singleton
public class SignIn {

    public static final String CALLBACK_PATH = "/auth/callback";

    /** The App's OAuth client. {@link #toString()} never shows the secret. */
    public record Client(String id, String secret) {
        @Override
        public String toString() {
            return "Client[id=" + id + ", secret=<redacted>]";
        }
    }

    private final LayeredCredentialsProvider credentials;
    private final String clientId;
    private final String clientSecret;
    private final String sessionSecret;
    private final String publicUrl;
    private final UserApi api;
    private final Clock clock = Clock.systemUTC();
    private volatile SealedCookie sealer;
    private volatile String sealerSecret;

    public SignIn(GitHubSettings settings, LayeredCredentialsProvider credentials,
                  @Value("${aigate.github.client-id:}") String clientId,
                  @Value("${aigate.github.client-secret:}") String clientSecret,
                  @Value("${aigate.session-secret:}") String sessionSecret,
                  @Value("${aigate.public-url:}") String publicUrl) {
        this.credentials = credentials;
        this.clientId = clientId == null ? "" : clientId.strip();
        this.clientSecret = clientSecret == null ? "" : clientSecret.strip();
        this.sessionSecret = sessionSecret == null ? "" : sessionSecret;
        String url = publicUrl == null ? "" : publicUrl.strip();
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.api = new UserApi(settings.getWebUrl(), settings.getApiUrl(), settings.getCallTimeout());
    }

    /** The OAuth client: the configured one, else the one stored by the manifest flow; empty when there is none. */
    public Optional<Client> client() {
        if (!clientId.isEmpty() && !clientSecret.isEmpty()) {
            return Optional.of(new Client(clientId, clientSecret));
        }
        return credentials.registered()
                .filter(app -> !app.clientId().isEmpty() && !app.clientSecret().isEmpty())
                .map(app -> new Client(app.clientId(), app.clientSecret()));
    }

    /** What is missing for sign-in, for the page that says it is not configured; empty when nothing is. */
    public Optional<String> missing() {
        if (client().isEmpty()) {
            return Optional.of("Sign-in with GitHub is not configured on this server: set AIGATE_GITHUB_CLIENT_ID and "
                    + "AIGATE_GITHUB_CLIENT_SECRET to the GitHub App's client id and a client secret (the App's settings "
                    + "page on GitHub), or register the App through /setup, which stores them.");
        }
        if (sealer().isEmpty()) {
            return Optional.of("Sign-in needs a secret to seal sessions with: set AIGATE_SESSION_SECRET, or the "
                    + "App's webhook secret (AIGATE_WEBHOOK_SECRET).");
        }
        return Optional.empty();
    }

    /** Seals and opens cookies; empty when the server has no secret to derive the key from. */
    public Optional<SealedCookie> sealer() {
        String secret = !sessionSecret.isEmpty() ? sessionSecret
                : credentials.current().map(AppCredentials::webhookSecret).orElse("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        SealedCookie current = sealer;
        if (current == null || !secret.equals(sealerSecret)) {
            current = new SealedCookie(secret, clock);
            sealer = current;
            sealerSecret = secret;
        }
        return Optional.of(current);
    }

    /** Where GitHub sends the browser back; empty when AIGATE_PUBLIC_URL is not set (GitHub uses the App's). */
    public String redirectUri() {
        return publicUrl.isEmpty() ? "" : publicUrl + CALLBACK_PATH;
    }

    /** Cookies are {@code Secure} when the public address is https. */
    public boolean secureCookies() {
        return publicUrl.startsWith("https://");
    }

    public UserApi api() {
        return api;
    }

    /** For tests and the log: the App the server uses, if it was registered here. */
    Optional<RegisteredApp> registered() {
        return credentials.registered();
    }
}
