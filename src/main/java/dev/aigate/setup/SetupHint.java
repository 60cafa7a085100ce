package dev.aigate.setup;

import dev.aigate.github.CredentialsProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a fresh server's operator where to register the App and the setup code that registration asks for
 * (printed at each start while no App is configured), next to the start-up report of what is missing. A server
 * that has credentials voids any setup code left over.
 */
@Singleton
public class SetupHint implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SetupHint.class);

    private final CredentialsProvider credentials;
    private final SetupCode setupCode;
    private final String publicUrl;

    public SetupHint(CredentialsProvider credentials, SetupCode setupCode,
                     @Value("${aigate.public-url:}") String publicUrl) {
        this.credentials = credentials;
        this.setupCode = setupCode;
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (credentials.current().isPresent()) {
            setupCode.discard();
            return;
        }
        String local = event.getSource().getURL().toString();
        LOG.warn("No GitHub App yet: open {}/setup in a browser to register one in a click{}. "
                        + "The setup code it asks for is {} (also in {})", local,
                publicUrl.isEmpty() ? " (set AIGATE_PUBLIC_URL first: GitHub must reach the webhook)" : "",
                setupCode.current(), setupCode.path());
    }
}
