package dev.aigate.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
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
import org.slf4j.LoggerFactory;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest flow end to end against a fake GitHub: the setup code from the log, form, CSRF state bound to
 * the code, code exchange, hot credentials; and what an anonymous visitor cannot do on the way.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupFlowTest implements TestPropertyProvider {

    private static final String PUBLIC_URL = "https://gate.example.test";
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEfake\n-----END RSA PRIVATE KEY-----\n";
    private static final Pattern CODE_IN_LOG =
            Pattern.compile("setup code it asks for is ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})");

    private WireMockServer github;
    private WireMockServer attacker;
    private Path dataDir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @Inject
    EmbeddedServer server;
    @Inject
    CredentialsProvider credentials;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public Map<String, String> getProperties() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(SetupHint.class)).addAppender(logs);
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        github.stubFor(WireMock.post(urlEqualTo("/app-manifests/used-code/conversions")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Not Found\"}")));
        github.stubFor(WireMock.post(urlEqualTo("/app-manifests/broken-code/conversions")).willReturn(aResponse()
                .withStatus(500).withHeader("Content-Type", "text/plain")
                .withBody("internal-xyzzy <script>alert(1)</script> at 10.0.0.7:6379")));
        github.stubFor(WireMock.post(urlEqualTo("/app-manifests/good-code/conversions")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":424242,\"slug\":\"ai-gate-acme\",\"html_url\":\"https://github.com/apps/ai-gate-acme\","
                        + "\"pem\":" + json(PEM) + ",\"webhook_secret\":\"whsec-from-github\","
                        + "\"client_id\":\"Iv1.x\",\"client_secret\":\"cs\"}")));
        attacker = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        attacker.start();
        attacker.stubFor(WireMock.post(WireMock.anyUrl()).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":666,\"slug\":\"evil\",\"html_url\":\"javascript:alert(1)\","
                        + "\"pem\":" + json(PEM) + ",\"webhook_secret\":\"attacker-secret\"}")));
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
        ((Logger) LoggerFactory.getLogger(SetupHint.class)).detachAppender(logs);
        github.stop();
        attacker.stop();
    }

    /** The setup code, as the operator reads it in the log of this start. */
    private String setupCode() {
        for (ILoggingEvent event : logs.list) {
            Matcher m = CODE_IN_LOG.matcher(event.getFormattedMessage());
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no setup code in the start-up log: "
                + logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    @Order(1)
    void theSetupCodeIsPrintedAtStartAndKeptOwnerOnly() throws Exception {
        String code = setupCode();
        Path file = dataDir.resolve(SetupCode.FILE_NAME);
        assertEquals(code, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(code, new SetupCode(dataDir.toString()).current(), "a restart keeps the code");
    }

    @Test
    @Order(2)
    void homeLeadsToTheSetupFormWhileUnconfigured() throws Exception {
        assertTrue(credentials.current().isEmpty());
        HttpResponse<String> home = get("/", null);
        assertEquals(303, home.statusCode());
        assertEquals("/setup", home.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> form = get("/setup", null);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("Register GitHub App"), form.body());
        assertTrue(form.body().contains("name=\"organization\""));
        assertTrue(form.body().contains("name=\"setupCode\""));
        assertFalse(form.body().contains("enterpriseUrl"), "the GitHub host is not a form field");
        assertFalse(form.body().contains(setupCode()), "the page never shows the code");
        assertTrue(form.body().contains("<code>https://github.com</code>"), form.body());
        assertTrue(form.body().contains(PUBLIC_URL + "/api/github/webhooks"));
        assertTrue(form.body().contains("<li>AIGATE_APP_ID</li>"), "names what to set by hand: " + form.body());
        assertFalse(form.body().contains(dataDir.toString()), "but no path of this server: " + form.body());
        assertEquals("DENY", form.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("no-store", form.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    @Order(3)
    void startPostsTheManifestToTheOrganisationWithAState() throws Exception {
        Started started = start("accountType=organization&organization=acme");
        assertEquals("https://github.com/organizations/acme/settings/apps/new?state=" + started.state,
                started.action);
        JsonNode manifest = new ObjectMapper().readTree(started.manifest);
        assertEquals(new ObjectMapper().valueToTree(AppManifest.forServer(PUBLIC_URL, "ai-gate-acme")), manifest);
        assertEquals(PUBLIC_URL + "/api/github/webhooks", manifest.at("/hook_attributes/url").asText());
        assertEquals("write", manifest.at("/default_permissions/checks").asText());
        assertEquals(PUBLIC_URL + "/setup/callback", manifest.get("redirect_url").asText());
        assertEquals(PUBLIC_URL + "/auth/callback", manifest.at("/callback_urls/0").asText(),
                "GitHub accepts the sign-in callback as a redirect_uri");
    }

    @Test
    @Order(4)
    void personalAccountAndBadOrganisation() throws Exception {
        Started personal = start("accountType=user&appName=my-gate");
        assertEquals("https://github.com/settings/apps/new?state=" + personal.state, personal.action);
        assertEquals("my-gate", new ObjectMapper().readTree(personal.manifest).get("name").asText());

        HttpResponse<String> badOrg = post("/setup", withCode("accountType=organization&organization="
                + enc("a/../b")));
        assertEquals(400, badOrg.statusCode());
    }

    @Test
    @Order(5)
    void anEnterpriseUrlFromTheFormIsRefusedAndNeverContacted() throws Exception {
        HttpResponse<String> hijack = post("/setup", withCode("accountType=user&enterpriseUrl="
                + enc(attacker.baseUrl())));
        assertEquals(400, hijack.statusCode(), hijack.body());
        assertTrue(hijack.body().contains("AIGATE_GITHUB_WEB_URL"), hijack.body());
        assertFalse(hijack.body().contains(attacker.baseUrl()), hijack.body());
        assertTrue(hijack.headers().firstValue("Set-Cookie").isEmpty(), "no registration was started");
        attacker.verify(0, WireMock.anyRequestedFor(WireMock.anyUrl()));
        assertTrue(credentials.current().isEmpty());
        assertFalse(Files.exists(dataDir.resolve(CredentialsFile.FILE_NAME)));
    }

    @Test
    @Order(6)
    void withoutTheSetupCodeNothingStartsAndTheFloodLocksNobodyOut() throws Exception {
        for (int i = 0; i < 120; i++) {
            String form = i % 2 == 0 ? "accountType=user" : "setupCode=AAAA-BBBB-CCCC-DDDD-EEEE&accountType=user";
            HttpResponse<String> refused = post("/setup", form);
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty(), "no state for a wrong code");
        }
        // the operator's code still works, typed in lower case with spaces
        HttpResponse<String> operator = post("/setup", "setupCode="
                + enc(" " + setupCode().toLowerCase(java.util.Locale.ROOT).replace('-', ' ') + " ")
                + "&accountType=user");
        assertEquals(200, operator.statusCode(), operator.body());
        github.verify(0, postRequestedFor(WireMock.urlMatching("/app-manifests/.*")));
    }

    @Test
    @Order(7)
    void aCallbackWithoutTheStateAndTheCodeProofStoresNothing() throws Exception {
        Started started = start("accountType=user");
        HttpResponse<String> noState = get("/setup/callback?code=good-code", started.cookie);
        assertEquals(400, noState.statusCode());
        assertTrue(noState.body().contains("no state parameter"), noState.body());

        HttpResponse<String> forged = get("/setup/callback?code=good-code&state=forged", started.cookie);
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("does not match"), forged.body());

        HttpResponse<String> noCookie = get("/setup/callback?code=good-code&state=" + started.state, null);
        assertEquals(400, noCookie.statusCode());

        // the state alone (as a cookie anyone could set after a POST without the code) is not enough
        HttpResponse<String> stateOnly = get("/setup/callback?code=good-code&state=" + started.state,
                "aigate_setup=" + started.state);
        assertEquals(400, stateOnly.statusCode(), stateOnly.body());
        SetupCode other = new SetupCode(Files.createTempDirectory("other-code").toString());
        HttpResponse<String> otherCode = get("/setup/callback?code=good-code&state=" + started.state,
                "aigate_setup=" + started.state + "." + other.proof(started.state));
        assertEquals(400, otherCode.statusCode(), otherCode.body());

        github.verify(0, postRequestedFor(urlEqualTo("/app-manifests/good-code/conversions")));
        assertTrue(credentials.current().isEmpty());
        assertFalse(Files.exists(dataDir.resolve(CredentialsFile.FILE_NAME)));

        HttpResponse<String> intact = get("/setup/callback?code=used-code&state=" + started.state, started.cookie);
        assertEquals(502, intact.statusCode(), "the intact state still reaches GitHub: " + intact.body());
    }

    @Test
    @Order(8)
    void failedExchangesSayItGenericallyAndTheStateCannotBeReplayed() throws Exception {
        Started started = start("accountType=user");
        String callback = "/setup/callback?code=used-code&state=" + started.state;
        HttpResponse<String> used = get(callback, started.cookie);
        assertEquals(502, used.statusCode());
        assertTrue(used.body().contains("GitHub did not accept the registration code; see the server log."),
                used.body());
        assertFalse(used.body().contains("404"), used.body());
        assertFalse(used.body().contains("Not Found"), used.body());

        HttpResponse<String> replay = get(callback, started.cookie);
        assertEquals(400, replay.statusCode());

        Started again = start("accountType=user");
        HttpResponse<String> broken = get("/setup/callback?code=broken-code&state=" + again.state, again.cookie);
        assertEquals(502, broken.statusCode());
        assertTrue(broken.body().contains("see the server log"), broken.body());
        for (String remote : List.of("500", "xyzzy", "10.0.0.7", "script", github.baseUrl(),
                String.valueOf(github.port()))) {
            assertFalse(broken.body().contains(remote), remote + " echoed: " + broken.body());
        }
        assertTrue(credentials.current().isEmpty());
        assertFalse(Files.exists(dataDir.resolve(CredentialsFile.FILE_NAME)));
    }

    @Test
    @Order(9)
    void callbackStoresTheAppUsesItWithoutRestartAndVoidsTheCode() throws Exception {
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
        RegisteredApp kept = new CredentialsFile(dataDir).read().orElseThrow();
        assertEquals("Iv1.x", kept.clientId(), "the OAuth client for sign-in is stored with the other credentials");
        assertEquals("cs", kept.clientSecret());
        assertFalse(kept.toString().contains("cs]"), "toString hides the client secret");
        assertFalse(Files.exists(dataDir.resolve(SetupCode.FILE_NAME)), "the setup code is single use");
    }

    @Test
    @Order(10)
    void afterSetupTheSetupPagesAreForbidden() throws Exception {
        assertEquals(403, get("/setup", null).statusCode());
        assertEquals(403, post("/setup", withCode("accountType=user")).statusCode());
        assertEquals(403, get("/setup/callback?code=good-code&state=x", "aigate_setup=x").statusCode());
        HttpResponse<String> home = get("/", null);
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("424242"));
        github.verify(1, postRequestedFor(urlEqualTo("/app-manifests/good-code/conversions")));
        attacker.verify(0, WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    private record Started(String action, String state, String manifest, String cookie) {
    }

    private String withCode(String form) {
        return "setupCode=" + enc(setupCode()) + "&" + form;
    }

    private Started start(String form) throws Exception {
        HttpResponse<String> response = post("/setup", withCode(form));
        assertEquals(200, response.statusCode(), response.body());
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(response.body());
        assertTrue(action.find(), response.body());
        String url = unescape(action.group(1));
        String state = url.substring(url.indexOf("state=") + "state=".length());
        assertTrue(state.length() >= 40, state);
        Matcher manifest = Pattern.compile("name=\"manifest\" value=\"([^\"]+)\"").matcher(response.body());
        assertTrue(manifest.find());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("aigate_setup=" + state + "."), setCookie);
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
        return new Started(url, state, unescape(manifest.group(1)), setCookie.substring(0, setCookie.indexOf(';')));
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
