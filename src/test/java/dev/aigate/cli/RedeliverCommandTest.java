package dev.aigate.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedeliverCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dataDir;
    private WireMockServer github;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        String page2 = github.baseUrl() + "/app/hook/deliveries?per_page=100&cursor=v1_2";
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Link", "<" + page2 + ">; rel=\"next\"")
                .withBody("[" + delivery(6, "g-timeout", "2026-11-22T11:00:00Z", 0, "timed out")
                        + "," + delivery(5, "g-fixed", "2026-11-22T10:00:00Z", 200, "OK")
                        + "," + delivery(4, "g-bad", "2026-11-22T09:00:00Z", 502, "Bad Gateway")
                        + "]")));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=v1_2")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("[" + delivery(3, "g-fixed", "2026-11-22T08:00:00Z", 500, "Internal Server Error")
                        + "," + delivery(2, "g-ok", "2026-11-22T07:00:00Z", 202, "OK")
                        + "," + delivery(1, "g-old", "2026-11-20T07:00:00Z", 500, "Internal Server Error")
                        + "]")));
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/app/hook/deliveries/\\d+/attempts"))
                .willReturn(aResponse().withStatus(202).withBody("{}")));
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    private static String delivery(long id, String guid, String at, int code, String status) {
        return "{\"id\":" + id + ",\"guid\":\"" + guid + "\",\"delivered_at\":\"" + at + "\",\"redelivery\":false,"
                + "\"duration\":0.1,\"status\":\"" + status + "\",\"status_code\":" + code + ","
                + "\"event\":\"pull_request\",\"action\":\"opened\",\"installation_id\":7,\"repository_id\":9}";
    }

    private int run(String... args) {
        Map<String, String> env = Map.of("AIGATE_GITHUB_API_URL", github.baseUrl(), "AIGATE_APP_ID", "321",
                "AIGATE_PRIVATE_KEY", TestKeys.pkcs1Pem(), "AIGATE_WEBHOOK_SECRET", "s",
                "AIGATE_DATA_DIR", dataDir.toString());
        return new RedeliverCommand(env, Clock.fixed(NOW, ZoneOffset.UTC)).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void redeliversOnlyDeliveriesThatNeverSucceededInTheWindow() {
        assertEquals(0, run("--since", "24h"), err.toString());
        github.verify(1, postRequestedFor(urlEqualTo("/app/hook/deliveries/6/attempts")));
        github.verify(1, postRequestedFor(urlEqualTo("/app/hook/deliveries/4/attempts")));
        List<LoggedRequest> posts = github.findAll(postRequestedFor(urlPathMatching("/app/hook/deliveries/.*")));
        assertEquals(2, posts.size(), "g-fixed succeeded later, g-ok is fine, g-old is outside the window");
        for (LoggedRequest request : github.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
            assertEquals("321", TestKeys.verify(request.getHeader("Authorization")).getIssuer());
        }
        assertTrue(out.toString().contains("5 deliveries since"), out.toString());
        assertTrue(out.toString().contains("redelivered 4: pull_request.opened"), out.toString());
    }

    @Test
    void dryRunOnlyLists() {
        assertEquals(0, run("--since", "3d", "--dry-run"));
        github.verify(0, postRequestedFor(anyUrl()));
        assertTrue(out.toString().contains("would redeliver 1:"), out.toString());
    }

    @Test
    void refusedRedeliveryFailsTheCommand() {
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/app/hook/deliveries/6/attempts"))
                .willReturn(aResponse().withStatus(422).withBody("{\"message\":\"too old\"}")));
        assertEquals(1, run());
        assertTrue(err.toString().contains("GitHub refused to redeliver 6 (HTTP 422)"), err.toString());
    }

    @Test
    void badArgumentsAndMissingCredentialsAreUsageErrors() {
        assertEquals(2, run("--since", "yesterday"));
        int code = new RedeliverCommand(Map.of("AIGATE_DATA_DIR", dataDir.toString()), Clock.systemUTC())
                .run(List.of(), new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString().contains("AIGATE_APP_ID"), err.toString());
    }

    @Test
    void anUnauthorisedListingIsExplained() {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(401)));
        assertEquals(1, run());
        assertTrue(err.toString().contains("HTTP 401"), err.toString());
    }

    @Test
    void aPaginationLinkToAnotherOriginIsNotFollowed() {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Link", "<https://collector.example.test/steal?cursor=x>; rel=\"next\"")
                .withBody("[]")));
        assertEquals(1, run());
        assertTrue(err.toString().contains("pointed outside"), err.toString());
        github.verify(0, postRequestedFor(anyUrl()));
    }
}
