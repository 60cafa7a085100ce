package dev.aigate.web.auth;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.aigate.github.GitHubSettings;
import dev.aigate.setup.LayeredCredentialsProvider;
import dev.aigate.web.PageAccess.Decision;
import dev.aigate.web.WebPages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a visitor may see, as GitHub answers it with their token (WireMock), and the answers for the others. */
class GitHubPageAccessTest {

    @TempDir
    Path data;

    private final WireMockServer github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private SignIn signIn;
    private GitHubPageAccess access;

    @BeforeEach
    void start() {
        github.start();
        GitHubSettings settings = new GitHubSettings();
        settings.setApiUrl(github.baseUrl());
        signIn = new SignIn(settings, new LayeredCredentialsProvider(settings, data.toString()), "Iv1.x", "secret",
                "session secret", "https://gate.example");
        access = new GitHubPageAccess(signIn);
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    private HttpRequest<?> signedIn(String login) {
        Cookie c = Sessions.cookie(signIn.sealer().orElseThrow(), new Sessions.Session(5, login, "ghu_" + login), true);
        return HttpRequest.GET("/pulls/acme/widgets/1").cookie(c);
    }

    private void answer(String path, int status, String body) {
        github.stubFor(WireMock.get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void aRepositoryIsShownToWhomGitHubLetsReadItAndTheAnswerIsKept() {
        answer("/repos/acme/widgets", 200, "{}");
        answer("/repos/acme/secret", 404, "{}");
        HttpRequest<?> alice = signedIn("alice");
        assertEquals(Decision.ALLOWED, access.repository(alice, "acme", "widgets"));
        assertEquals(Decision.ALLOWED, access.repository(alice, "acme", "widgets"));
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/widgets")));
        assertEquals(Decision.NOT_FOUND, access.repository(alice, "acme", "secret"));
        assertTrue(GitHubPageAccess.CACHE_FOR.toMinutes() >= 1 && GitHubPageAccess.CACHE_FOR.toMinutes() <= 10,
                "minutes, not forever");
    }

    @Test
    void whenGitHubCannotSayTheAnswerIsNotFoundAndIsAskedAgainNextTime() {
        answer("/repos/acme/flaky", 502, "{}");
        HttpRequest<?> alice = signedIn("alice");
        assertEquals(Decision.NOT_FOUND, access.repository(alice, "acme", "flaky"));
        answer("/repos/acme/flaky", 200, "{}");
        assertEquals(Decision.ALLOWED, access.repository(alice, "acme", "flaky"), "a failure is not kept");
    }

    @Test
    void anExpiredOrRevokedTokenMeansSignInAgain() {
        answer("/repos/acme/widgets", 401, "{\"message\":\"Bad credentials\"}");
        assertEquals(Decision.SIGN_IN, access.repository(signedIn("alice"), "acme", "widgets"));
    }

    @Test
    void anOrganisationIsShownToItsActiveMembersAndAUserAccountToItsUser() {
        answer("/user/memberships/orgs/acme", 200, "{\"state\":\"active\"}");
        answer("/user/memberships/orgs/other", 404, "{}");
        HttpRequest<?> alice = signedIn("alice");
        assertEquals(Decision.ALLOWED, access.organisation(alice, "acme"));
        assertEquals(Decision.NOT_FOUND, access.organisation(alice, "other"));
        assertEquals(Decision.ALLOWED, access.organisation(alice, "Alice"), "one's own account");
        github.verify(0, getRequestedFor(urlPathEqualTo("/user/memberships/orgs/Alice")));
    }

    @Test
    void anonymousOrForgedVisitorsAreSentToSignInAndOthersGetTheOneNotFoundPage() {
        HttpRequest<?> anonymous = HttpRequest.GET("/pulls/acme/widgets/1?tab=history");
        assertEquals(Decision.SIGN_IN, access.repository(anonymous, "acme", "widgets"));
        HttpRequest<?> forged = HttpRequest.GET("/pulls/acme/widgets/1").cookie(Cookie.of(Sessions.COOKIE, "x" + "A".repeat(60)));
        assertEquals(Decision.SIGN_IN, access.repository(forged, "acme", "widgets"));
        MutableHttpResponse<?> redirect = access.refuse(anonymous, Decision.SIGN_IN);
        assertEquals(303, redirect.code());
        assertEquals("/auth/signin?return=%2Fpulls%2Facme%2Fwidgets%2F1%3Ftab%3Dhistory", redirect.header("Location"));
        MutableHttpResponse<?> hidden = access.refuse(signedIn("alice"), Decision.NOT_FOUND);
        assertEquals(404, hidden.code());
        assertEquals(WebPages.notFound(), hidden.body());
        assertEquals(0, github.getAllServeEvents().size(), "nobody signed in: GitHub is not asked");
    }

    @Test
    void sessionCookiesAreSecureOnAnHttpsPublicAddress() {
        assertTrue(signIn.secureCookies());
        Cookie c = Sessions.cookie(signIn.sealer().orElseThrow(), new Sessions.Session(5, "a", "t"), signIn.secureCookies());
        assertTrue(c.isSecure() && c.isHttpOnly());
        assertEquals("https://gate.example/auth/callback", signIn.redirectUri());
    }
}
