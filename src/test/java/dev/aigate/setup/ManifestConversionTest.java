package dev.aigate.setup;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.GitHubSettings;
import dev.aigate.metrics.GateMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestConversionTest {

    @TempDir
    Path temp;

    /** The one GitHub adapter, without App credentials (there is no App yet), for {@code api}. */
    private GitHubClients clients(String api) {
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(api);
        return new GitHubClients(settings, CredentialsProvider.apiOnly(Optional::empty, List::of),
                new GateMetrics(new SimpleMeterRegistry()), temp.toString());
    }

    @Test
    void aConnectionErrorIsForTheLogNotForTheBrowser() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String api = "http://127.0.0.1:" + closed;
        ManifestConversion.ConversionException e = assertThrows(ManifestConversion.ConversionException.class,
                () -> new ManifestConversion(clients(api)).exchange(api, "code"));
        assertTrue(e.getMessage().contains("see the server log"), e.getMessage());
        assertFalse(e.getMessage().contains(String.valueOf(closed)), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused"), e.getMessage());
        assertTrue(e.detail().contains(api), e.detail());
    }

    @Test
    void remoteTextIsOneShortLineInTheLog() {
        String line = ManifestConversion.oneLine("a\nb\r\u2028c" + "x".repeat(400));
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), line);
        assertTrue(line.length() <= 301, String.valueOf(line.length()));
    }

    /**
     * The exchange goes through the GitHub adapter: no Authorization header (there is no App yet), and its
     * same-origin rule: a redirect away from AIGATE_GITHUB_API_URL is refused before anything is sent there.
     */
    @Test
    void theExchangeIsAnonymousAndKeepsToTheConfiguredApi() throws Exception {
        WireMockServer github = new WireMockServer(options().dynamicPort());
        WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
        github.start();
        elsewhere.start();
        try {
            github.stubFor(post(urlEqualTo("/app-manifests/good/conversions")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody("{\"id\": 42, \"slug\": \"ai-gate\","
                            + " \"html_url\": \"https://github.com/apps/ai-gate\", \"pem\": \"KEY\","
                            + " \"webhook_secret\": \"s\", \"client_id\": \"Iv1\", \"client_secret\": \"c\"}")));
            github.stubFor(post(urlEqualTo("/app-manifests/moved/conversions")).willReturn(aResponse().withStatus(307)
                    .withHeader("Location", elsewhere.baseUrl() + "/app-manifests/moved/conversions")));
            ManifestConversion conversion = new ManifestConversion(clients(github.baseUrl()));

            RegisteredApp app = conversion.exchange(github.baseUrl(), "good");
            assertEquals("42", app.appId());
            github.verify(postRequestedFor(urlEqualTo("/app-manifests/good/conversions")).withHeader("Authorization", absent()));

            ManifestConversion.ConversionException e = assertThrows(ManifestConversion.ConversionException.class,
                    () -> conversion.exchange(github.baseUrl(), "moved"));
            assertTrue(e.detail().contains("refusing a request to"), e.detail());
            assertEquals(0, elsewhere.getAllServeEvents().size(), "nothing reached the other host");
        } finally {
            github.stop();
            elsewhere.stop();
        }
    }
}
