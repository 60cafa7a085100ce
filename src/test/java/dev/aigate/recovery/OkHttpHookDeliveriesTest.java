package dev.aigate.recovery;

import com.github.tomakehurst.wiremock.WireMockServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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

class OkHttpHookDeliveriesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final WireMockServer github = new WireMockServer(options().dynamicPort());
    private final WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
    private OkHttpHookDeliveries client;

    @BeforeEach
    void start() {
        github.start();
        elsewhere.start();
        client = new OkHttpHookDeliveries(new OkHttpClient(), github.baseUrl() + "/api/v3", () -> "Bearer the-jwt");
    }

    @AfterEach
    void stop() {
        github.stop();
        elsewhere.stop();
    }

    @Test
    void pagesWithTheCursorLinkAndStopsOncePastTheCutOff() throws IOException {
        String nextPage = github.baseUrl() + "/api/v3/app/hook/deliveries?per_page=100&cursor=v1_2";
        github.stubFor(get(urlPathEqualTo("/api/v3/app/hook/deliveries")).withQueryParam("cursor", absent())
                .withHeader("Authorization", equalTo("Bearer the-jwt"))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .willReturn(okJson(page(item(3, "g3", NOW.minusSeconds(10), 200, false),
                        item(2, "g2", NOW.minusSeconds(60), 502, false)))
                        .withHeader("Link", "<" + nextPage + ">; rel=\"next\"")));
        github.stubFor(get(urlPathEqualTo("/api/v3/app/hook/deliveries")).withQueryParam("cursor", equalTo("v1_2"))
                .willReturn(okJson(page(item(1, "g1", NOW.minusSeconds(7200), 0, false)))
                        .withHeader("Link", "<" + github.baseUrl() + "/api/v3/app/hook/deliveries?cursor=v1_3>; rel=\"next\"")));

        List<HookDelivery> listed = client.listSince(NOW.minusSeconds(3600));

        assertEquals(List.of("g3", "g2", "g1"), listed.stream().map(HookDelivery::guid).toList());
        HookDelivery failed = listed.get(1);
        assertEquals(2, failed.id());
        assertEquals(502, failed.statusCode());
        assertFalse(failed.succeeded());
        assertEquals(123, failed.installationId());
        assertEquals(0, listed.get(2).statusCode(), "a timeout is listed with status code 0");
        github.verify(2, getRequestedFor(urlPathEqualTo("/api/v3/app/hook/deliveries")));
        github.verify(0, getRequestedFor(urlPathEqualTo("/api/v3/app/hook/deliveries")).withQueryParam("cursor", equalTo("v1_3")));
    }

    @Test
    void neverFollowsALinkToAnotherOrigin() throws IOException {
        github.stubFor(get(urlPathEqualTo("/api/v3/app/hook/deliveries"))
                .willReturn(okJson(page(item(2, "g2", NOW, 502, false)))
                        .withHeader("Link", "<" + elsewhere.baseUrl() + "/steal?cursor=x>; rel=\"next\"")));
        elsewhere.stubFor(get(urlPathEqualTo("/steal")).willReturn(okJson("[]")));

        assertEquals(1, client.listSince(NOW.minusSeconds(3600)).size());
        elsewhere.verify(0, getRequestedFor(urlPathEqualTo("/steal")));
        assertEquals(null, client.next("<https://evil.example/app/hook/deliveries?cursor=1>; rel=\"next\""));
    }

    @Test
    void redeliversAndReportsErrors() throws IOException {
        github.stubFor(post(urlPathEqualTo("/api/v3/app/hook/deliveries/42/attempts"))
                .willReturn(aResponse().withStatus(202).withBody("{}")));
        github.stubFor(post(urlPathEqualTo("/api/v3/app/hook/deliveries/43/attempts"))
                .willReturn(aResponse().withStatus(422).withBody("{\"message\":\"too old\"}")));
        github.stubFor(get(urlPathEqualTo("/api/v3/app/hook/deliveries"))
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}")));

        client.redeliver(42);
        github.verify(1, postRequestedFor(urlPathEqualTo("/api/v3/app/hook/deliveries/42/attempts"))
                .withHeader("Authorization", equalTo("Bearer the-jwt")));
        IOException refused = assertThrows(IOException.class, () -> client.redeliver(43));
        assertTrue(refused.getMessage().contains("422") && refused.getMessage().contains("too old"), refused.getMessage());
        IOException denied = assertThrows(IOException.class, () -> client.listSince(NOW));
        assertTrue(denied.getMessage().contains("401"), denied.getMessage());
    }
}
