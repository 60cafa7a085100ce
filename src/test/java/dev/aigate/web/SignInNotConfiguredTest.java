package dev.aigate.web;

import dev.aigate.store.DecisionLog;
import dev.aigate.testing.EndToEndTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without the App's OAuth client the details page says sign-in is not configured, and shows nothing of the PR. */
@MicronautTest
class SignInNotConfiguredTest extends EndToEndTestBase {

    @Inject
    DecisionLog decisions;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void theDetailsPageSaysSignInIsNotConfiguredAndShowsNoData() throws Exception {
        decisions.record(DetailsFixtures.blocked(Instant.parse("2026-11-30T10:00:00Z"), DetailsFixtures.HEAD,
                "Secret project title", "copilot/secret", "src/Secret.java"));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.getURL()
                + "/pulls/acme/widgets/42")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, page.statusCode());
        assertTrue(page.body().contains("Sign-in is not configured"), page.body());
        assertTrue(page.body().contains("AIGATE_GITHUB_CLIENT_ID"), "says what to set");
        assertFalse(page.body().contains("Secret project") || page.body().contains("copilot"), "no data anonymously");

        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/auth/signin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, signIn.statusCode());
        assertTrue(signIn.body().contains("Sign-in is not configured"));
    }

    @Test
    void healthStaysOpen() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
    }
}
