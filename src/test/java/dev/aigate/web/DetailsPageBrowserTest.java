package dev.aigate.web;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aigate.store.DecisionLog;
import dev.aigate.store.OverrideRecord;
import dev.aigate.store.OverrideStore;
import dev.aigate.testing.Browser;
import dev.aigate.testing.EndToEndTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.web.DetailsFixtures.HEAD;
import static dev.aigate.web.DetailsFixtures.HOSTILE_BRANCH;
import static dev.aigate.web.DetailsFixtures.HOSTILE_FILE;
import static dev.aigate.web.DetailsFixtures.HOSTILE_TITLE;
import static dev.aigate.web.DetailsFixtures.OLD_HEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The details page in a real headless Chromium against the real server, signing in through a fake GitHub (the
 * OAuth web flow on WireMock: the authorize page, the token endpoint, {@code /user}, {@code /repos/...}).
 * Decisions are seeded in the store as the pipeline records them.
 */
@MicronautTest
class DetailsPageBrowserTest extends EndToEndTestBase {

    static final String CLIENT_ID = "Iv1.testclient0001";
    static final String CLIENT_SECRET = "test-client-secret";
    static final String USER_TOKEN = "ghu_aliceUserToken000000000000000000";
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Inject
    DecisionLog decisions;
    @Inject
    OverrideStore overrides;

    private Browser browser;
    private boolean seeded;

    @Override
    protected Map<String, String> moreProperties(Path dataDir) {
        return Map.of("aigate.github.client-id", CLIENT_ID, "aigate.github.client-secret", CLIENT_SECRET,
                "aigate.github.web-url", github.url());
    }

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void seedAndStubGitHub() {
        if (!seeded) {
            OverrideRecord o = new OverrideRecord(DetailsFixtures.REPO, DetailsFixtures.PR, OLD_HEAD, "maria",
                    "release blocker, reviewed in person", T0.plusSeconds(30));
            overrides.record(o);
            decisions.record(DetailsFixtures.blocked(T0, OLD_HEAD, "Add caching", "copilot/caching", "src/Cache.java"));
            decisions.record(DetailsFixtures.blocked(T0.plusSeconds(600), HEAD, HOSTILE_TITLE, HOSTILE_BRANCH, HOSTILE_FILE));
            for (dev.aigate.store.DecisionRecord r : List.of(
                    DetailsFixtures.blocked(T0, OLD_HEAD, "Cache widget lookups", "copilot/cache-lookups", "src/main/java/acme/WidgetCache.java"),
                    DetailsFixtures.blocked(T0.plusSeconds(900), HEAD, "Cache widget lookups (Redis, 5 min TTL)",
                            "copilot/cache-lookups", "src/main/java/acme/WidgetCache.java"))) {
                decisions.record(new dev.aigate.store.DecisionRecord(null, r.repo(), 43, r.headSha(), 7L, r.provenanceClass(),
                        r.evidence(), r.sizeClass(), r.ruleResults(), r.conclusion(), r.approvalsCounted(), r.overrides(),
                        r.timingsMillis(), r.evaluatedAt(), r.policyResult(), r.mode(), r.wouldConclusion(), r.pullRequest()));
            }
            decisions.record(new dev.aigate.store.DecisionRecord(null, "acme/secret", 1, HEAD, 7L, "agent",
                    null, "small", null, "failure", 0, List.of(), Map.of(), T0, null, null, null, null));
            seeded = true;
        }
        browser.driver().manage().deleteAllCookies();
        String back = server.getURL() + "/auth/callback?code=good-code-1&state={{request.query.state}}";
        github.stub(WireMock.get(urlPathEqualTo("/login/oauth/authorize")).withQueryParam("client_id", equalTo(CLIENT_ID))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>Authorize ai-gate</h1><a id=\"authorize\" href=\"" + back
                                + "\">Authorize</a></body></html>").withTransformers("response-template")));
        github.stub(post(urlPathEqualTo("/login/oauth/access_token"))
                .withRequestBody(containing("client_secret=" + CLIENT_SECRET))
                .withRequestBody(containing("code=good-code-1"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + USER_TOKEN + "\",\"token_type\":\"bearer\"}")));
        github.stub(WireMock.get(urlPathEqualTo("/user")).withHeader("Authorization", equalTo("Bearer " + USER_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"login\":\"alice\",\"id\":101}")));
        github.stub(WireMock.get(urlPathEqualTo("/repos/acme/widgets")).withHeader("Authorization", equalTo("Bearer " + USER_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"full_name\":\"acme/widgets\",\"private\":true}")));
        github.stub(WireMock.get(urlPathEqualTo("/favicon.ico")).willReturn(aResponse().withStatus(404)));
        for (String hidden : List.of("/repos/acme/secret", "/repos/acme/nothing")) {
            github.stub(WireMock.get(urlPathEqualTo(hidden)).willReturn(aResponse().withStatus(404)
                    .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Not Found\"}")));
        }
    }

    private String url(String path) {
        return server.getURL() + path;
    }

    /** Opens a details page as an anonymous visitor and signs in on the fake GitHub's authorize page. */
    private void signInThrough(String path) {
        WebDriver d = browser.driver();
        d.get(url(path));
        assertTrue(d.getCurrentUrl().startsWith(github.url() + "/login/oauth/authorize?"), d.getCurrentUrl());
        assertFalse(browser.text().contains("Add caching") || d.getPageSource().contains("caching"),
                "the anonymous visitor sees no pull request data");
        d.findElement(By.id("authorize")).click();
    }

    @Test
    void anAnonymousVisitorSignsInWithGitHubAndSeesTheSeededDecisions() throws Exception {
        signInThrough("/pulls/acme/widgets/42");
        WebDriver d = browser.driver();
        assertEquals(url("/pulls/acme/widgets/42"), d.getCurrentUrl(), "back on the page asked for");
        assertEquals("alice", d.findElement(By.id("signedInAs")).getText());

        assertEquals(HOSTILE_TITLE, d.findElement(By.id("prTitle")).getText(), "the title is text");
        assertEquals(HOSTILE_BRANCH, d.findElement(By.id("headRef")).getText());
        assertEquals(List.of(), d.findElements(By.tagName("img")), "no element from the PR's markup");
        assertEquals(List.of(), d.findElements(By.cssSelector("a[href^='https://evil']")));
        assertEquals(github.url() + "/acme/widgets/pull/42", d.findElement(By.id("onGitHub")).getAttribute("href"));

        assertTrue(d.findElement(By.id("verdict")).getText().startsWith("Blocked"));
        List<WebElement> actions = d.findElements(By.cssSelector("#whoMustAct .act"));
        assertEquals(2, actions.size());
        assertTrue(actions.get(0).getText().startsWith("A reviewer from @acme/platform: Needs 1 more approval"),
                actions.get(0).getText());
        assertTrue(actions.get(1).getText().startsWith("The author (@copilot-swe-agent[bot]): Add or change a test"));
        String rules = d.findElement(By.id("rules")).getText();
        assertTrue(rules.contains("@alice approved aaaa000; the pull request's own changes are the same at ffff000"), rules);
        assertTrue(rules.contains("@carol approved aaaa000; dropped at ffff000"));
        assertTrue(rules.contains("copilot-swe-agent[bot] — the author"));
        assertTrue(d.findElement(By.id("evidence")).getText().contains("agent.copilot.pr-author"));
        assertEquals(2, d.findElements(By.cssSelector("#history tbody tr")).size());
        assertTrue(d.findElement(By.id("history")).getText().contains("new head (push)"));
        assertTrue(d.findElement(By.id("overrides")).getText().contains("@maria release blocker, reviewed in person aaaa000"));

        Cookie session = d.manage().getCookieNamed("aigate_session");
        assertTrue(session.isHttpOnly(), "the session cookie is HttpOnly");
        assertEquals("Lax", session.getSameSite());
        assertFalse(session.getValue().contains(USER_TOKEN), "the token is sealed, not readable");

        browser.screenshot(Path.of("target/screenshots/details-page-hostile.png"));
        // The picture in docs/ (-Daigate.docs.screenshots=true writes it): an ordinary PR, the whole page.
        d.get(url("/pulls/acme/widgets/43"));
        assertTrue(d.findElement(By.id("prTitle")).getText().startsWith("Cache widget lookups"));
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1800));
        browser.screenshot(Path.of(Boolean.getBoolean("aigate.docs.screenshots") ? "docs/images/details-page.png"
                : "target/screenshots/details-page.png"));
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1024));
    }

    @Test
    void aUserGitHubSaysCannotReadTheRepositoryGetsTheSame404AsAPageThatDoesNotExist() throws Exception {
        signInThrough("/pulls/acme/widgets/42");
        WebDriver d = browser.driver();
        d.get(url("/pulls/acme/secret/1"));
        String hidden = d.getPageSource();
        assertTrue(browser.text().contains("Not found"), browser.text());
        d.get(url("/pulls/acme/nothing/1"));
        assertEquals(hidden, d.getPageSource(), "a repository that does not exist looks the same");
        d.get(url("/pulls/acme/widgets/not-a-number"));
        assertEquals(hidden, d.getPageSource(), "a path that names nothing looks the same");

        String cookie = "aigate_session=" + d.manage().getCookieNamed("aigate_session").getValue();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> secret = http.send(HttpRequest.newBuilder(URI.create(url("/pulls/acme/secret/1")))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, secret.statusCode());
        assertFalse(secret.body().contains("acme/secret") || secret.body().contains("Blocked"), "nothing of the decision");
        assertEquals(WebPages.notFound(), secret.body(), "the one not-found page");
        HttpResponse<String> mine = http.send(HttpRequest.newBuilder(URI.create(url("/pulls/acme/widgets/42")))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, mine.statusCode());
        for (String nothing : List.of("/pulls", "/pulls/acme/widgets", "/pulls/acme/widgets/42/files", "/pulls/acme/../x/1")) {
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(url(nothing))).header("Cookie", cookie)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, none.statusCode(), nothing);
            assertEquals(WebPages.notFound(), none.body(), nothing);
        }
        assertEquals("no-store", mine.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void anAnonymousRequestIsRedirectedToSignInWithNothingOfThePullRequest() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/pulls/acme/widgets/42?tab=1"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, r.statusCode());
        assertEquals("/auth/signin?return=%2Fpulls%2Facme%2Fwidgets%2F42%3Ftab%3D1", r.headers().firstValue("Location").orElse(""));
        assertFalse(r.body().contains("caching") || r.body().contains("script"), r.body());
        // The sign-in path carries the pages' hardening headers too (WebPageHeaders matches /pulls and /auth).
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(url(
                r.headers().firstValue("Location").orElseThrow()))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("no-store", signIn.headers().firstValue("Cache-Control").orElse(""), signIn.headers().toString());
        assertEquals("DENY", signIn.headers().firstValue("X-Frame-Options").orElse(""), signIn.headers().toString());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), "the redirect from /pulls as well");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(url("/pulls/acme/widgets/42")))
                .header("Cookie", "aigate_session=eyJ1aWQiOjEwMSwibG9naW4iOiJhbGljZSJ9").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, forged.statusCode(), "a forged session counts as none");
    }

    @Test
    void signingOutEndsTheSessionAndAReplayedCallbackIsRefused() throws Exception {
        signInThrough("/pulls/acme/widgets/42");
        WebDriver d = browser.driver();
        assertEquals("alice", d.findElement(By.id("signedInAs")).getText());
        HttpResponse<String> logout = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/auth/logout")))
                .header("Origin", server.getURL().toString()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, logout.statusCode(), logout.body());
        d.findElement(By.id("signOut")).click();
        assertTrue(browser.text().contains("You are signed out of ai-gate"), browser.text());
        assertEquals(null, d.manage().getCookieNamed("aigate_session"));
        d.get(url("/pulls/acme/widgets/42"));
        assertTrue(d.getCurrentUrl().startsWith(github.url() + "/login/oauth/authorize?"), "asked to sign in again");
        String callback = d.findElement(By.id("authorize")).getAttribute("href");
        d.get(callback);
        assertEquals(url("/pulls/acme/widgets/42"), d.getCurrentUrl());
        d.manage().deleteCookieNamed("aigate_session");
        d.get(callback);
        assertTrue(browser.text().contains("This sign-in link is not valid any more"), "the state works once: " + browser.text());
        assertEquals(null, d.manage().getCookieNamed("aigate_session"));
    }
}
