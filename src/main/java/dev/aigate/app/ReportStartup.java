package dev.aigate.app;

import dev.aigate.github.CredentialsProvider;
import dev.aigate.github.GitHubSettings;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says at start-up what the server is connected to and, plainly, what is still missing. */
@Singleton
public class ReportStartup implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ReportStartup.class);

    private final CredentialsProvider credentials;
    private final GitHubSettings settings;

    private final String publicUrl;

    public ReportStartup(CredentialsProvider credentials, GitHubSettings settings,
                         @Value("${aigate.public-url:}") String publicUrl) {
        this.credentials = credentials;
        this.settings = settings;
        String u = publicUrl == null ? "" : publicUrl.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        this.publicUrl = u;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        String url = event.getSource().getURL().toString();
        if (credentials.missing().isEmpty()) {
            // GitHub delivers to AIGATE_PUBLIC_URL, not to the local address the server happens to bind.
            if (publicUrl.isEmpty()) {
                LOG.info("ai-gate is serving on {} for GitHub at {}; webhooks go to {}/api/github/webhooks"
                        + " (set AIGATE_PUBLIC_URL to the address GitHub reaches)", url, settings.getApiUrl(), url);
            } else {
                LOG.info("ai-gate is serving on {} as {} for GitHub at {}; webhooks go to {}/api/github/webhooks", url,
                        publicUrl, settings.getApiUrl(), publicUrl);
            }
        } else {
            LOG.warn(notReady(url, credentials.missing()));
        }
    }

    /**
     * The line for a server without its App: it is alive (the liveness probe answers 200) but not ready (readiness
     * and {@code /health} answer 503 until the credentials are there), so it points at the probe that is green.
     */
    static String notReady(String url, java.util.List<String> missing) {
        return "ai-gate is serving on " + url + " (alive: " + url + "/health/liveness; " + url
                + "/health/readiness answers 503 until the App is configured) but cannot act on pull requests yet. "
                + "Missing: " + String.join("; ", missing);
    }
}
