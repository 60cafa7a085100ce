package dev.aigate.github;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.policy.PolicySources;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.testing.FakeGitHub;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text from webhooks, pull requests and policies becomes URL path segments only encoded, and an
 * {@code extends} target is checked again before any request. Every request is read from the
 * fake's journal, so a path that escaped its segment would show.
 */
class RequestPathsTest {

    private static final FakeGitHub GITHUB = new FakeGitHub();
    private final InstallationApi api = new InstallationApi(new OkHttpClient(), GITHUB.url(), () -> "token t");

    @BeforeEach
    void reset() {
        GITHUB.reset();
    }

    @AfterAll
    static void close() {
        GITHUB.close();
    }

    private static List<String> urls() {
        return GITHUB.requests(r -> true).stream().map(LoggedRequest::getUrl).toList();
    }

    @Test
    void aLoginIsOneEncodedSegmentOfThePermissionLookup() throws Exception {
        GITHUB.stub(WireMock.get(anyUrl()).atPriority(1).willReturn(json(200, "{\"permission\":\"read\",\"role_name\":\"read\"}")));
        PullRequestKey key = new PullRequestKey(1, new RepoRef("Codertocat", "Hello-World"), 2);

        assertEquals("read", SnapshotLoader.permission(api, key, "a/../../b?x=1#y"));

        assertEquals(List.of("/repos/Codertocat/Hello-World/collaborators/a%2F..%2F..%2Fb%3Fx%3D1%23y/permission"), urls());
    }

    @Test
    void aDotLoginIsNobodyAndIsNeverRequested() throws Exception {
        PullRequestKey key = new PullRequestKey(1, new RepoRef("Codertocat", "Hello-World"), 2);
        assertEquals("none", SnapshotLoader.permission(api, key, ".."));
        assertEquals("none", SnapshotLoader.permission(api, key, "."));
        assertEquals(List.of(), urls());
    }

    @Test
    void segmentsEncodeEverythingButUnreservedCharactersAndRefuseDotSegments() {
        assertEquals("a%2Fb%3F%23%25%20%2B%C3%A9.-_~", InstallationApi.segment("a/b?#% +é.-_~"));
        assertEquals("..%2F..", InstallationApi.segment("../.."));
        for (String dot : new String[] {"", ".", ".."}) {
            assertThrows(IllegalArgumentException.class, () -> InstallationApi.segment(dot), dot);
        }
        assertEquals("acme/repo%2Fx", InstallationApi.repoPath("acme/repo/x"));
    }

    @Test
    void aFilePathIsEncodedSegmentBySegment() throws Exception {
        GITHUB.stub(WireMock.get(urlPathMatching("/repos/.*")).atPriority(1).willReturn(json(200, "x")));
        api.fileText("Codertocat/.github", "policies/a+b c.yml", "feature/x y");
        assertEquals(List.of("/repos/Codertocat/.github/contents/policies/a%2Bb%20c.yml?ref=feature%2Fx+y"), urls());
    }

    @Test
    void anExtendsTargetOutsideItsPathOrOwnerIsNeverRequested() {
        ExtendsSources sources = new ExtendsSources(api, "Codertocat");
        for (String[] target : new String[][] {
                {"Codertocat/Hello-World", "../../../../installation/repositories"},
                {"Codertocat/.github", "%2e%2e/%2e%2e/installation/repositories.yml"},
                {"Codertocat/.github", "a/./b.yml"},
                {"Codertocat/..", "x.yml"},
                {"other-org/private-infra", ".github/secrets.yml"}}) {
            assertThrows(IllegalArgumentException.class, () -> sources.read(target[0], target[1], null), target[1]);
        }
        assertTrue(sources.refusal("other-org/.github") != null);
        assertEquals(null, sources.refusal("codertocat/.github"));
        assertEquals(List.of(), urls(), "no request was made");
    }

    @Test
    void aMissingTargetIsEmptyButAFailingOneIsUnavailableForNow() {
        ExtendsSources sources = new ExtendsSources(api, "Codertocat");
        String base = "/repos/Codertocat/.github/contents/";
        GITHUB.stub(WireMock.get(urlPathMatching(base + "missing.yml")).willReturn(json(404, "{}")));
        GITHUB.stub(WireMock.get(urlPathMatching(base + "forbidden.yml")).willReturn(json(403, "{\"message\":\"Resource not accessible by integration\"}")));
        GITHUB.stub(WireMock.get(urlPathMatching(base + "broken.yml")).willReturn(json(500, "{}")));
        GITHUB.stub(WireMock.get(urlPathMatching(base + "limited.yml")).willReturn(json(429, "{}")));
        GITHUB.stub(WireMock.get(urlPathMatching(base + "exhausted.yml")).willReturn(json(403, "{}")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "4102444800")));

        assertEquals(Optional.empty(), sources.read("Codertocat/.github", "missing.yml", null));
        assertEquals(Optional.empty(), sources.read("Codertocat/.github", "forbidden.yml", null));
        for (String failing : List.of("broken.yml", "limited.yml", "exhausted.yml")) {
            PolicySources.Unavailable e = assertThrows(PolicySources.Unavailable.class,
                    () -> sources.read("Codertocat/.github", failing, null), failing);
            assertTrue(e.getCause() instanceof GitHubCallException, failing);
        }
    }
}
