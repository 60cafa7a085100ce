package dev.aigate.recovery;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.github.GitHubCallException;
import dev.aigate.github.GitHubClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.aigate.recovery.HookDeliveriesFixture.item;
import static dev.aigate.recovery.HookDeliveriesFixture.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery log read and redelivered through the GitHub adapter ({@link GitHubClients#app()}), against
 * WireMock as GitHub Enterprise Server ({@code /api/v3}), so the path part of the same-origin rule is in play.
 */
class GitHubHookDeliveriesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String DELIVERIES = "/api/v3/app/hook/deliveries";

    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private final WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
    private GitHubClients clients;
    private GitHubHookDeliveries client;

    @BeforeEach
    void start(@TempDir Path data) {
        github.start();
        elsewhere.start();
        clients = HookDeliveriesFixture.clients(github.baseUrl() + "/api/v3", data);
        client = new GitHubHookDeliveries(clients);
    }

    @AfterEach
    void stop() throws IOException {
        clients.close();
        github.stop();
        elsewhere.stop();
    }

    @Test
    void pagesWithTheCursorLinkAndStopsOncePastTheCutOff() throws IOException {
        String nextPage = github.baseUrl() + DELIVERIES + "?per_page=100&cursor=v1_2";
        github.stubFor(get(urlPathEqualTo(DELIVERIES)).withQueryParam("cursor", absent())
                .withQueryParam("per_page", equalTo("100"))
                .withHeader("Authorization", matching("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .willReturn(okJson(page(item(3, "g3", NOW.minusSeconds(10), 200, false),
                        item(2, "g2", NOW.minusSeconds(60), 502, false)))
                        .withHeader("Link", "<" + nextPage + ">; rel=\"next\"")));
        github.stubFor(get(urlPathEqualTo(DELIVERIES)).withQueryParam("cursor", equalTo("v1_2"))
                .willReturn(okJson(page(item(1, "g1", NOW.minusSeconds(7200), 0, false)))
                        .withHeader("Link", "<" + github.baseUrl() + DELIVERIES + "?cursor=v1_3>; rel=\"next\"")));

        List<HookDelivery> listed = client.listSince(NOW.minusSeconds(3600));

        assertEquals(List.of("g3", "g2", "g1"), listed.stream().map(HookDelivery::guid).toList());
        HookDelivery failed = listed.get(1);
        assertEquals(2, failed.id());
        assertEquals(502, failed.statusCode());
        assertFalse(failed.succeeded());
        assertEquals(123, failed.installationId());
        assertEquals(0, listed.get(2).statusCode(), "a timeout is listed with status code 0");
        github.verify(2, getRequestedFor(urlPathEqualTo(DELIVERIES)));
        github.verify(0, getRequestedFor(urlPathEqualTo(DELIVERIES)).withQueryParam("cursor", equalTo("v1_3")));
        LoggedRequest first = github.findAll(getRequestedFor(urlPathEqualTo(DELIVERIES))).get(0);
        assertTrue(jwtClaims(first.getHeader("Authorization")).contains("\"iss\":\"" + HookDeliveriesFixture.APP_ID + "\""),
                "authenticated as the App, with its JWT");
    }

    @Test
    void neverFollowsALinkToAnotherOrigin() throws IOException {
        github.stubFor(get(urlPathEqualTo(DELIVERIES))
                .willReturn(okJson(page(item(2, "g2", NOW, 502, false)))
                        .withHeader("Link", "<" + elsewhere.baseUrl() + "/api/v3/app/hook/deliveries?cursor=x>; rel=\"next\"")));
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("[]")));

        assertEquals(List.of("g2"), client.listSince(NOW.minusSeconds(3600)).stream().map(HookDelivery::guid).toList(),
                "the pages before the foreign link are kept");
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
    }

    /**
     * The same-origin rule is the adapter's, path included: on GitHub Enterprise Server the web UI shares the API's
     * host, so a next link to the same host outside {@code /api/v3} is not followed either, and a redirect out of
     * the API is refused before the App's JWT goes anywhere.
     */
    @Test
    void itsPaginationKeepsTheAdaptersSameOriginRule() throws IOException {
        github.stubFor(get(urlPathEqualTo(DELIVERIES)).withQueryParam("cursor", absent())
                .willReturn(okJson(page(item(5, "g5", NOW, 502, false)))
                        .withHeader("Link", "<" + github.baseUrl() + "/settings/apps/hooks?cursor=v1_2>; rel=\"next\"")));
        github.stubFor(get(urlPathEqualTo("/settings/apps/hooks")).willReturn(okJson("[]")));

        assertEquals(List.of("g5"), client.listSince(NOW.minusSeconds(3600)).stream().map(HookDelivery::guid).toList());
        github.verify(0, getRequestedFor(urlPathEqualTo("/settings/apps/hooks")));

        github.resetAll();
        github.stubFor(get(urlPathEqualTo(DELIVERIES)).withQueryParam("cursor", absent())
                .willReturn(okJson(page(item(5, "g5", NOW, 502, false)))
                        .withHeader("Link", "<" + github.baseUrl() + DELIVERIES + "?cursor=v1_2>; rel=\"next\"")));
        github.stubFor(get(urlPathEqualTo(DELIVERIES)).withQueryParam("cursor", equalTo("v1_2"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere.baseUrl() + "/collect")));
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("[]")));

        IOException refused = assertThrows(IOException.class, () -> client.listSince(NOW.minusSeconds(3600)));
        assertTrue(refused.getMessage().contains("refusing a request to " + elsewhere.baseUrl()), refused.getMessage());
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void redeliversAndReportsErrors() throws IOException {
        github.stubFor(post(urlPathEqualTo(DELIVERIES + "/42/attempts"))
                .willReturn(aResponse().withStatus(202).withBody("{}")));
        github.stubFor(post(urlPathEqualTo(DELIVERIES + "/43/attempts"))
                .willReturn(aResponse().withStatus(422).withBody("{\"message\":\"too old\"}")));
        github.stubFor(get(urlPathEqualTo(DELIVERIES))
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}")));

        client.redeliver(42);
        github.verify(1, postRequestedFor(urlPathEqualTo(DELIVERIES + "/42/attempts"))
                .withHeader("Authorization", matching("Bearer .+")));
        GitHubCallException refused = assertThrows(GitHubCallException.class, () -> client.redeliver(43));
        assertEquals(422, refused.status());
        assertTrue(refused.isWrite());
        assertTrue(RecoveryScheduler.describe(refused).contains("422")
                && RecoveryScheduler.describe(refused).contains("too old"), RecoveryScheduler.describe(refused));
        GitHubCallException denied = assertThrows(GitHubCallException.class, () -> client.listSince(NOW));
        assertEquals(401, denied.status());
        assertTrue(RecoveryScheduler.describe(denied).contains("Bad credentials"), RecoveryScheduler.describe(denied));
    }

    /** The claims of a {@code Bearer <JWT>} header, as JSON text. */
    private static String jwtClaims(String authorization) {
        String jwt = authorization.substring("Bearer ".length());
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8).replace(" ", "");
    }
}
