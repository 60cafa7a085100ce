package dev.aigate.testing;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Boots the real server against a {@link FakeGitHub} and sends it signed deliveries. Subclasses
 * carry {@code @MicronautTest}. Any request the fake does not expect fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EndToEndTestBase implements TestPropertyProvider {

    public static final String SECRET = "It's a Secret to Everybody";
    public static final String APP_ID = "12345";
    public static final String POLICY = Fixtures.text("policies/agents-need-review.yml");
    public static final long COPILOT_ID = 198982749;

    protected final FakeGitHub github = newFakeGitHub();

    @Inject
    protected EmbeddedServer server;

    protected WebhookSender webhooks;

    /** The fake the server is pointed at; a subclass may serve it under a base path ({@link FakeGitHub#underPath}). */
    protected FakeGitHub newFakeGitHub() {
        return new FakeGitHub();
    }

    /** Extra server properties for a subclass. */
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            Path data = Files.createTempDirectory("aigate-e2e");
            Path defaultPolicy = data.resolve("default-policy.yml");
            Files.writeString(defaultPolicy, POLICY);
            Map<String, String> properties = new HashMap<>(Map.of(
                    "aigate.github.api-url", github.url(),
                    "aigate.github.app-id", APP_ID,
                    "aigate.github.private-key", Fixtures.text("keys/test-app.pkcs1.pem"),
                    "aigate.github.webhook-secret", SECRET,
                    "aigate.data-dir", data.toString(),
                    "aigate.default-policy", defaultPolicy.toString(),
                    // The missed-delivery sweep would call the fake GitHub on its own schedule.
                    "aigate.recovery.enabled", "false"));
            properties.putAll(moreProperties(data));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startScenario() {
        github.reset();
        webhooks = new WebhookSender(server.getURL().toString(), SECRET);
    }

    @AfterEach
    void noUnexpectedCalls() throws InterruptedException {
        github.awaitQuiet(java.time.Duration.ofMillis(300));
        assertEquals(List.of(), github.unmatched().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList(),
                "requests the fake GitHub did not expect");
    }
}
