package dev.aigate.setup;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aigate.github.CredentialsProvider;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a GitHub Enterprise Server set by the operator: the manifest goes to its web URL, and GitHub's answer is
 * data: an App page that is no page on the configured GitHub never becomes a link.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SetupHostileAnswerTest implements TestPropertyProvider {

    private static final String EVIL = "javascript:alert(document.cookie)//\"><img src=x onerror=alert(1)>";

    private WireMockServer github;
    private Path dataDir;

    @Inject
    EmbeddedServer server;
    @Inject
    CredentialsProvider credentials;
    @Inject
    SetupCode setupCode;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public Map<String, String> getProperties() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        github.stubFor(WireMock.post(urlEqualTo("/app-manifests/code/conversions")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":77,\"slug\":\"<b>slug</b>\",\"html_url\":" + quoted(EVIL) + ","
                        + "\"pem\":\"-----BEGIN RSA PRIVATE KEY-----\\nx\\n-----END RSA PRIVATE KEY-----\\n\","
                        + "\"webhook_secret\":\"s\"}")));
        try {
            dataDir = Files.createTempDirectory("aigate-hostile");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("aigate.github.api-url", github.baseUrl(),
                "aigate.github.web-url", "https://ghe.example.test/",
                "aigate.public-url", "https://gate.example.test",
                "aigate.data-dir", dataDir.toString());
    }

    @AfterAll
    void stop() {
        github.stop();
    }

    @Test
    void aJavascriptAppPageIsNeitherLinkedNorUnescaped() throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri("/setup"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("setupCode="
                        + URLEncoder.encode(setupCode.current(), StandardCharsets.UTF_8) + "&accountType=user"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, started.statusCode(), started.body());
        assertTrue(started.body().contains("action=\"https://ghe.example.test/settings/apps/new?state="),
                started.body());
        Matcher state = Pattern.compile("state=([A-Za-z0-9_-]+)\"").matcher(started.body());
        assertTrue(state.find(), started.body());
        String cookie = started.headers().firstValue("Set-Cookie").orElseThrow();

        HttpResponse<String> done = get("/setup/callback?code=code&state=" + state.group(1),
                cookie.substring(0, cookie.indexOf(';')));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("77", credentials.current().orElseThrow().appId());
        for (HttpResponse<String> page : java.util.List.of(done, get("/", null))) {
            assertFalse(page.body().contains("javascript:"), page.body());
            assertFalse(page.body().contains("<img"), page.body());
            assertFalse(page.body().contains("<b>slug"), page.body());
            assertFalse(page.body().contains("installations/new"), page.body());
        }
    }

    private URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String quoted(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
