package dev.aigate.github;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user-token calls against WireMock standing in for GitHub's web host and API (a GHES-like /api/v3). */
class UserApiTest {

    private final WireMockServer github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private UserApi api;

    @BeforeEach
    void start() {
        github.start();
        api = new UserApi(github.baseUrl(), github.baseUrl() + "/api/v3", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Test
    void authorizeUrlIsOnTheWebHostWithEveryParameterEncoded() {
        String url = api.authorizeUrl("Iv1.a&b", "https://gate.example/auth/callback", "s t");
        assertEquals(github.baseUrl() + "/login/oauth/authorize?client_id=Iv1.a%26b&state=s%20t"
                + "&redirect_uri=https%3A%2F%2Fgate.example%2Fauth%2Fcallback", url);
    }

    @Test
    void tradesTheCodeForATokenAndARefusedCodeIsAnError() throws IOException {
        github.stubFor(WireMock.post(urlPathEqualTo("/login/oauth/access_token"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(containing("code=good")).willReturn(json(200, "{\"access_token\":\"ghu_1\"}")));
        github.stubFor(WireMock.post(urlPathEqualTo("/login/oauth/access_token"))
                .withRequestBody(containing("code=used"))
                .willReturn(json(200, "{\"error\":\"bad_verification_code\",\"error_description\":\"<x>\"}")));
        assertEquals("ghu_1", api.accessToken("id", "secret", "good", ""));
        IOException e = assertThrows(IOException.class, () -> api.accessToken("id", "secret", "used", ""));
        assertTrue(e.getMessage().contains("bad_verification_code"), e.getMessage());
        assertFalse(e.getMessage().contains("<x>"));
    }

    @Test
    void readAccessIsWhatGitHubAnswersWithTheUsersToken() throws IOException {
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/repos/acme/open"))
                .withHeader("Authorization", equalTo("Bearer ghu_1")).willReturn(json(200, "{}")));
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/repos/acme/private")).willReturn(json(404, "{}")));
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/repos/acme/blocked")).willReturn(json(403, "{}")));
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/repos/acme/broken")).willReturn(json(502, "{}")));
        assertTrue(api.canRead("ghu_1", "acme", "open"));
        assertFalse(api.canRead("ghu_1", "acme", "private"));
        assertFalse(api.canRead("ghu_1", "acme", "blocked"));
        assertThrows(IOException.class, () -> api.canRead("ghu_1", "acme", "broken"), "GitHub could not say");
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/user")).willReturn(json(200, "{\"login\":\"alice\",\"id\":7}")));
        assertEquals(new UserApi.User(7, "alice"), api.user("ghu_1"));
    }

    @Test
    void aNameCannotClimbToAnotherEndpoint() throws IOException {
        github.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(json(404, "{}")));
        assertFalse(api.canRead("ghu_1", "acme", "x/../../user"));
        String path = github.getAllServeEvents().get(0).getRequest().getUrl();
        assertEquals("/api/v3/repos/acme/x%2F..%2F..%2Fuser", path);
    }

    @Test
    void membershipMustBeActive() throws IOException {
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/user/memberships/orgs/acme"))
                .willReturn(json(200, "{\"state\":\"active\",\"role\":\"member\"}")));
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/user/memberships/orgs/invited"))
                .willReturn(json(200, "{\"state\":\"pending\"}")));
        github.stubFor(WireMock.get(urlPathEqualTo("/api/v3/user/memberships/orgs/other")).willReturn(json(404, "{}")));
        assertTrue(api.isMember("ghu_1", "acme"));
        assertFalse(api.isMember("ghu_1", "invited"), "an invitation is not membership");
        assertFalse(api.isMember("ghu_1", "other"));
    }
}
