package dev.aigate.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aigate.github.CredentialsProvider;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest flow end to end against a fake GitHub: form, CSRF state, code exchange, hot credentials. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupFlowTest implements TestPropertyProvider {

    private static final String PUBLIC_URL = "https://gate.example.test";
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEfake\n-----END RSA PRIVATE KEY-----\n";

    private WireMockServer github;
    private Path dataDir;

    @Inject
    EmbeddedServer server;
    @Inject
    CredentialsProvider credentials;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public Map<String, String> getProperties() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/app-manifests/used-code/conversions")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Not Found\"}")));
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/app-manifests/good-code/conversions")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":424242,\"slug\":\"ai-gate-acme\",\"html_url\":\"https://github.com/apps/ai-gate-acme\","
                        + "\"pem\":" + json(PEM) + ",\"webhook_secret\":\"whsec-from-github\","
                        + "\"client_id\":\"Iv1.x\",\"client_secret\":\"cs\"}")));
        try {
            dataDir = Files.createTempDirectory("aigate-setup");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("aigate.github.api-url", github.baseUrl(),
                "aigate.public-url", PUBLIC_URL,
                "aigate.data-dir", dataDir.toString());
    }

    @AfterAll
    void stop() {
        github.stop();
    }

    @Test
    @Order(1)
    void homeLeadsToTheSetupFormWhileUnconfigured() throws Exception {
        assertTrue(credentials.current().isEmpty());
        HttpResponse<String> home = get("/", null);
        assertEquals(303, home.statusCode());
        assertEquals("/setup", home.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> form = get("/setup", null);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("Register GitHub App"), form.body());
        assertTrue(form.body().contains("name=\"organization\""));
        assertTrue(form.body().contains("name=\"enterpriseUrl\""));
        assertTrue(form.body().contains(PUBLIC_URL + "/api/github/webhooks"));
        assertEquals("DENY", form.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("no-store", form.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    @Order(2)
    void startPostsTheManifestToTheOrganisationWithAState() throws Exception {
        Started started = start("accountType=organization&organization=acme");
        assertEquals("https://github.com/organizations/acme/settings/apps/new?state=" + started.state,
                started.action.replace(github.baseUrl(), "https://github.com"));
        JsonNode manifest = new ObjectMapper().readTree(started.manifest);
        assertEquals(new ObjectMapper().valueToTree(AppManifest.forServer(PUBLIC_URL, "ai-gate-acme")), manifest);
        assertEquals(PUBLIC_URL + "/api/github/webhooks", manifest.at("/hook_attributes/url").asText());
        assertEquals("write", manifest.at("/default_permissions/checks").asText());
        assertEquals(PUBLIC_URL + "/setup/callback", manifest.get("redirect_url").asText());
    }

    @Test
    @Order(3)
    void personalAccountAndEnterpriseServerTargets() throws Exception {
        Started personal = start("accountType=user&appName=my-gate");
        assertTrue(personal.action.endsWith("/settings/apps/new?state=" + personal.state), personal.action);
        assertFalse(personal.action.contains("/organizations/"));
        assertEquals("my-gate", new ObjectMapper().readTree(personal.manifest).get("name").asText());

        Started ghes = start("accountType=user&enterpriseUrl=" + enc("https://ghe.example.test/"));
        assertEquals("https://ghe.example.test/settings/apps/new?state=" + ghes.state, ghes.action);

        HttpResponse<String> badOrg = post("/setup", "accountType=organization&organization=" + enc("a/../b"));
        assertEquals(400, badOrg.statusCode());
        HttpResponse<String> badGhes = post("/setup", "accountType=user&enterpriseUrl=" + enc("ftp://x"));
        assertEquals(400, badGhes.statusCode());
    }

    @Test
    @Order(4)
    void missingOrForeignStateIsRefused() throws Exception {
        Started started = start("accountType=user");
        HttpResponse<String> noState = get("/setup/callback?code=good-code", started.cookie);
        assertEquals(400, noState.statusCode());
        assertTrue(noState.body().contains("no state parameter"), noState.body());

        HttpResponse<String> forged = get("/setup/callback?code=good-code&state=forged", started.cookie);
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("does not match"), forged.body());

        HttpResponse<String> noCookie = get("/setup/callback?code=good-code&state=" + started.state, null);
        assertEquals(400, noCookie.statusCode());

        HttpResponse<String> unknown = get("/setup/callback?code=good-code&state=made-up", "aigate_setup=made-up");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("unknown, was already completed, or started more than an hour ago"));

        github.verify(0, postRequestedFor(urlEqualTo("/app-manifests/good-code/conversions")));
        assertTrue(credentials.current().isEmpty());
    }

    @Test
    @Order(5)
    void usedOrExpiredCodeGetsAClearErrorAndTheStateCannotBeReplayed() throws Exception {
        Started started = start("accountType=user");
        String callback = "/setup/callback?code=used-code&state=" + started.state;
        HttpResponse<String> used = get(callback, started.cookie);
        assertEquals(502, used.statusCode());
        assertTrue(used.body().contains("already used, or more than an hour passed"), used.body());

        HttpResponse<String> replay = get(callback, started.cookie);
        assertEquals(400, replay.statusCode());
        assertTrue(credentials.current().isEmpty());
        assertFalse(Files.exists(dataDir.resolve(CredentialsFile.FILE_NAME)));
    }

    @Test
    @Order(6)
    void callbackStoresTheAppAndUsesItWithoutRestart() throws Exception {
        Started started = start("accountType=organization&organization=acme");
        HttpResponse<String> done = get("/setup/callback?code=good-code&state=" + started.state, started.cookie);
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("href=\"https://github.com/apps/ai-gate-acme/installations/new\""),
                done.body());
        assertFalse(done.body().contains("whsec-from-github"));
        assertFalse(done.body().contains("MIIEfake"));

        assertEquals("424242", credentials.current().orElseThrow().appId());
        assertEquals("whsec-from-github", credentials.webhookSecret().orElseThrow());
        assertEquals(PEM, credentials.current().orElseThrow().privateKeyPem());
        assertTrue(credentials.missing().isEmpty(), credentials.missing().toString());

        Path stored = dataDir.resolve(CredentialsFile.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        assertTrue(Files.readString(stored).contains("whsec-from-github"));
    }

    @Test
    @Order(7)
    void afterSetupTheSetupPagesAreForbidden() throws Exception {
        assertEquals(403, get("/setup", null).statusCode());
        assertEquals(403, post("/setup", "accountType=user").statusCode());
        assertEquals(403, get("/setup/callback?code=good-code&state=x", "aigate_setup=x").statusCode());
        HttpResponse<String> home = get("/", null);
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("424242"));
        github.verify(1, postRequestedFor(urlEqualTo("/app-manifests/good-code/conversions")));
    }

    private record Started(String action, String state, String manifest, String cookie) {
    }

    private Started start(String form) throws Exception {
        HttpResponse<String> response = post("/setup", form);
        assertEquals(200, response.statusCode(), response.body());
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(response.body());
        assertTrue(action.find(), response.body());
        String url = unescape(action.group(1));
        String state = url.substring(url.indexOf("state=") + "state=".length());
        assertTrue(state.length() >= 40, state);
        Matcher manifest = Pattern.compile("name=\"manifest\" value=\"([^\"]+)\"").matcher(response.body());
        assertTrue(manifest.find());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("aigate_setup=" + state), setCookie);
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
        return new Started(url, state, unescape(manifest.group(1)), "aigate_setup=" + state);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String json(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
