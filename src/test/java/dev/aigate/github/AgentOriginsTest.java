package dev.aigate.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.ProvenanceSettings;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.provenance.Unavailable;
import dev.aigate.snapshot.CreatingApp;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.snapshot.TriggeringRun;
import dev.aigate.testing.FakeGitHub;
import dev.aigate.testing.Fixtures;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aigate.testing.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where an agent's pull request came from, read from GitHub (WireMock serving GitHub's own example
 * payloads) through the loader, and classified: the App the issue view names, the workflow run
 * the body links, the organisation's signal catalogue.
 */
class AgentOriginsTest {

    private static final FakeGitHub GITHUB = new FakeGitHub();
    private static final String REPO = "/repos/" + FakeGitHub.REPO;
    private static final PullRequestKey KEY = new PullRequestKey(FakeGitHub.INSTALLATION,
            new RepoRef("Codertocat", "Hello-World"), 2);
    private static final ProvenanceClassifier CLASSIFIER = new ProvenanceClassifier(SignalCatalogue.builtIn());

    private final InstallationApi api = new InstallationApi(new OkHttpClient(), GITHUB.url(), () -> "token t");
    private final SnapshotLoader loader = new SnapshotLoader(new PolicyResolver("none"));

    @BeforeEach
    void reset() {
        GITHUB.reset();
    }

    @AfterAll
    static void close() {
        GITHUB.close();
    }

    /** The issue view of PR #2 with {@code performed_via_github_app} set to GitHub's App example under a real slug. */
    private static String issueCreatedBy(String slug, long appId) {
        ObjectNode issue = (ObjectNode) Fixtures.rest("issues.get.200.derived").deepCopy();
        ObjectNode app = (ObjectNode) Fixtures.rest("apps.get-authenticated.200.default").deepCopy();
        app.put("slug", slug).put("id", appId);
        issue.set("performed_via_github_app", app);
        return issue.toString();
    }

    private PullRequestSnapshot load(ObjectNode pr) throws Exception {
        GITHUB.stubTypicalPullRequest(pr, null);
        return loader.load(api, KEY, pr).snapshot();
    }

    @Test
    void theIssueViewNamesTheAppThatCreatedThePullRequest() throws Exception {
        GITHUB.stubGet(REPO + "/issues/2", 200, "application/json", issueCreatedBy("google-labs-jules", 842251));
        PullRequestSnapshot snapshot = load(GITHUB.pullRequest("grace", 1007, "User"));

        assertEquals(CreatingApp.app("google-labs-jules", 842251), snapshot.people().creatingApp());
        ProvenanceResult r = CLASSIFIER.classify(snapshot, ProvenanceSettings.DEFAULT);
        assertEquals(ProvenanceClass.AGENT, r.provenanceClass(), r.evidence().toString());
        assertTrue(r.evidence().stream().anyMatch(e -> e.signalId().equals("agent.jules")
                && e.location().equals("pr.performed_via_github_app") && !e.forgeable()
                && e.matchedText().equals("google-labs-jules (App id 842251)")), r.evidence().toString());
        assertEquals("grace", r.initiator().login());
        assertEquals(List.of(), r.unavailable());
    }

    @Test
    void noAppInTheIssueViewAddsNothing() throws Exception {
        PullRequestSnapshot snapshot = load(GITHUB.pullRequest("grace", 1007, "User"));
        assertEquals(CreatingApp.NONE, snapshot.people().creatingApp(), "the example says performed_via_github_app: null");
        assertEquals(ProvenanceClass.NONE, CLASSIFIER.classify(snapshot, ProvenanceSettings.DEFAULT).provenanceClass());
    }

    @Test
    void aMissingOrGoneIssueViewIsUnavailableNotAFailure() throws Exception {
        for (int status : new int[] {404, 410}) {
            GITHUB.reset();
            GITHUB.stub(get(urlPathEqualTo(REPO + "/issues/2")).atPriority(1).willReturn(json(status, "{\"message\":\"Not Found\"}")));
            PullRequestSnapshot snapshot = load(GITHUB.pullRequest("Copilot", 198982749, "Bot"));
            assertEquals(CreatingApp.unavailable(status), snapshot.people().creatingApp());
            ProvenanceResult r = CLASSIFIER.classify(snapshot, ProvenanceSettings.DEFAULT);
            assertEquals(ProvenanceClass.AGENT, r.provenanceClass(), "the author account still decides");
            assertEquals(List.of(new Unavailable(Unavailable.Kind.CREATING_APP, "GET /repos/Codertocat/Hello-World/issues/2",
                    "HTTP " + status)), r.unavailable());
        }
    }

    @Test
    void anyOtherErrorOnTheIssueViewIsThrownToBeRetried() {
        GITHUB.stub(get(urlPathEqualTo(REPO + "/issues/2")).atPriority(1).willReturn(json(502, "{\"message\":\"Bad gateway\"}")));
        GitHubCallException e = assertThrows(GitHubCallException.class, () -> AgentOrigins.creatingApp(api, KEY));
        assertEquals(502, e.status());
    }

    @Test
    void aRefusedPermissionIsUnavailableButARateLimitIsRetried() throws Exception {
        GITHUB.stub(get(urlPathEqualTo(REPO + "/actions/runs/12")).atPriority(1).willReturn(json(403,
                "{\"message\":\"Resource not accessible by integration\"}")));
        PullRequestSnapshot snapshot = load(claudePullRequest("[View job run](https://github.com/Codertocat/Hello-World/actions/runs/12)"));
        assertEquals(TriggeringRun.State.UNAVAILABLE, snapshot.people().triggeringRun().state());
        assertEquals(403, snapshot.people().triggeringRun().status());

        GITHUB.stub(get(urlPathEqualTo(REPO + "/issues/2")).atPriority(1).willReturn(json(403,
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}")));
        assertThrows(GitHubCallException.class, () -> AgentOrigins.creatingApp(api, KEY));
    }

    @Test
    void anAppSlugThatIsNotOneIsIgnored() throws Exception {
        GITHUB.stubGet(REPO + "/issues/2", 200, "application/json", issueCreatedBy("Claude/../x", 1));
        assertEquals(CreatingApp.NONE, AgentOrigins.creatingApp(api, KEY));
    }

    /** GitHub's example run, moved to this repository, started by {@code actor} and re-run by {@code trigger}. */
    private static String run(long id, String actor, String trigger) {
        ObjectNode run = (ObjectNode) Fixtures.webhook("workflow_run", "completed.2").get("workflow_run").deepCopy();
        run.put("id", id).put("html_url", "https://github.com/Codertocat/Hello-World/actions/runs/" + id);
        ((ObjectNode) run.get("actor")).put("login", actor).put("id", 5001).put("type", "User");
        ((ObjectNode) run.get("triggering_actor")).put("login", trigger).put("id", 5002).put("type", "User");
        return run.toString();
    }

    private static ObjectNode claudePullRequest(String body) {
        ObjectNode pr = GITHUB.pullRequest("claude[bot]", 209825114, "Bot");
        pr.put("body", body);
        return pr;
    }

    private static List<String> runReads() {
        return GITHUB.requests(r -> r.getUrl().contains("/actions/runs/")).stream().map(LoggedRequest::getUrl).toList();
    }

    @Test
    void theLinkedRunOfAnAgentPullRequestNamesWhoTriggeredIt() throws Exception {
        GITHUB.stubGet(REPO + "/actions/runs/15029384756", 200, "application/json", run(15029384756L, "oscar", "mallory"));
        PullRequestSnapshot snapshot = load(claudePullRequest(
                "Adds retries.\n\n[View job run](https://github.com/Codertocat/Hello-World/actions/runs/15029384756)"));

        TriggeringRun run = snapshot.people().triggeringRun();
        assertNotNull(run);
        assertEquals(15029384756L, run.runId());
        assertEquals(3, run.bodyLine());
        assertEquals("mallory", run.startedBy().login());
        ProvenanceResult r = CLASSIFIER.classify(snapshot, ProvenanceSettings.DEFAULT);
        assertEquals(ProvenanceClass.AGENT, r.provenanceClass());
        assertEquals("mallory", r.initiator().login());
        assertEquals(5002, r.initiator().id());
        assertEquals("pr.body line 3", r.initiator().location());
        assertEquals(List.of("/repos/Codertocat/Hello-World/actions/runs/15029384756"), runReads(), "one read");
    }

    @Test
    void aLinkToAnotherRepositoryOrHostOrAnIdThatIsNotDigitsIsNeverRead() throws Exception {
        String[] bodies = {
                "[View job run](https://github.com/someone-else/Hello-World/actions/runs/1)",
                "[View job run](https://github.com.evil.example/Codertocat/Hello-World/actions/runs/1)",
                "[View job run](https://evil.example/https://github.com/Codertocat/Hello-World/actions/runs/1)",
                "[View job run](https://github.com/Codertocat/Hello-World/actions/runs/1%2F..%2F..%2Fhooks)",
                "[View job run](https://github.com/Codertocat/Hello-World/actions/runs/../../hooks)",
                "`[View job run](https://github.com/Codertocat/Hello-World/actions/runs/1)`",
                "<!-- https://github.com/Codertocat/Hello-World/actions/runs/1 -->",
                "[View job run](https://github.com/Codertocat/Hello-World/actions/runs/1234567890123456789012)",
        };
        for (String body : bodies) {
            GITHUB.reset();
            PullRequestSnapshot snapshot = load(claudePullRequest(body));
            assertEquals(null, snapshot.people().triggeringRun(), body);
            assertEquals(List.of(), runReads(), body);
        }
    }

    @Test
    void aPersonsPullRequestIsNeverLookedUpByItsRunLink() throws Exception {
        ObjectNode pr = GITHUB.pullRequest("alice", 1001, "User");
        pr.put("body", "CI: https://github.com/Codertocat/Hello-World/actions/runs/42");
        PullRequestSnapshot snapshot = load(pr);
        assertEquals(null, snapshot.people().triggeringRun());
        assertEquals(List.of(), runReads());
    }

    @Test
    void aDeletedRunIsUnavailableNotAFailure() throws Exception {
        GITHUB.stub(get(urlPathEqualTo(REPO + "/actions/runs/8")).atPriority(1).willReturn(json(404, "{\"message\":\"Not Found\"}")));
        PullRequestSnapshot snapshot = load(claudePullRequest("[View job run](https://github.com/Codertocat/Hello-World/actions/runs/8)"));
        ProvenanceResult r = CLASSIFIER.classify(snapshot, ProvenanceSettings.DEFAULT);
        assertEquals("pr.assignees", r.initiator().location(), "the next evidence in order: the example's assignee");
        assertEquals(List.of(new Unavailable(Unavailable.Kind.WORKFLOW_RUN,
                "GET /repos/Codertocat/Hello-World/actions/runs/8", "HTTP 404")), r.unavailable());
    }

    @Test
    void theConfiguredWebAddressDecidesWhichLinksAreGitHubs() throws Exception {
        GitHubSettings settings = new GitHubSettings();
        settings.setWebUrl("https://ghe.example.com/");
        loader.setGitHubSettings(settings);
        GITHUB.stubGet(REPO + "/actions/runs/9", 200, "application/json", run(9, "oscar", "mallory"));

        PullRequestSnapshot onGitHubCom = load(claudePullRequest("[View job run](https://github.com/Codertocat/Hello-World/actions/runs/9)"));
        assertEquals(null, onGitHubCom.people().triggeringRun(), "github.com is not this server's GitHub");
        PullRequestSnapshot onServer = load(claudePullRequest("[View job run](https://ghe.example.com/Codertocat/Hello-World/actions/runs/9)"));
        assertEquals("mallory", onServer.people().triggeringRun().startedBy().login());
    }

    // ------------------------------------------------------------------------------ organisation catalogue

    private static final String ORG_SIGNALS = "/repos/Codertocat/.github/contents/ai-gate-signals.yml";

    @Test
    void theOrganisationsCatalogueIsMergedAndNamed() throws Exception {
        GITHUB.stubGet(ORG_SIGNALS, 200, "application/vnd.github.raw+json", """
                catalogue_name: codertocat
                catalogue_version: "7"
                markers:
                  - { id: body.octo-agent-footer, tier: T1, tool: octo-agent, scope: body, literal: "Opened by Octo Agent", source: "in-house" }
                """);
        ObjectNode pr = GITHUB.pullRequest("alice", 1001, "User");
        pr.put("body", "Fixes the greeting.\n\nOpened by Octo Agent");
        PullRequestSnapshot snapshot = load(pr);

        assertEquals("Codertocat/.github:ai-gate-signals.yml", snapshot.orgSignals().orElseThrow().location());
        ProvenanceResult r = CLASSIFIER.classify(snapshot, ProvenanceSettings.DEFAULT);
        assertEquals(SignalCatalogue.builtIn().version() + " + codertocat 7", r.catalogueVersion());
        assertEquals(ProvenanceClass.ASSISTED, r.provenanceClass());
        assertTrue(r.tools().contains("octo-agent"), r.tools().toString());

        // Read from the organisation's .github default branch only: no ref, never the pull request's repository or head.
        List<String> reads = GITHUB.requests(q -> q.getUrl().contains("ai-gate-signals.yml")).stream().map(LoggedRequest::getUrl).toList();
        assertEquals(List.of(ORG_SIGNALS), reads);
    }

    @Test
    void aBrokenOrganisationCatalogueIsIgnoredAndSaysWhere() throws Exception {
        GITHUB.stubGet(ORG_SIGNALS, 200, "application/vnd.github.raw+json", """
                catalogue_name: codertocat
                catalogue_version: "7"
                markers:
                  - { id: body.octo-agent-footer, tier: T1, tool: octo-agent, scope: body, regex: "Opened by .*", source: "in-house" }
                """);
        PullRequestSnapshot snapshot = load(GITHUB.pullRequest("Copilot", 198982749, "Bot"));
        ProvenanceResult r = CLASSIFIER.classify(snapshot, ProvenanceSettings.DEFAULT);

        assertEquals(ProvenanceClass.AGENT, r.provenanceClass(), "classified with the built-in catalogue");
        assertEquals(SignalCatalogue.builtIn().version(), r.catalogueVersion());
        assertEquals(1, r.unavailable().size(), r.unavailable().toString());
        Unavailable u = r.unavailable().get(0);
        assertEquals(Unavailable.Kind.ORG_CATALOGUE, u.kind());
        assertEquals("Codertocat/.github:ai-gate-signals.yml", u.location());
        assertTrue(u.reason().startsWith("Codertocat/.github:ai-gate-signals.yml:4:"), u.reason());
        assertTrue(u.reason().contains("may not hold regular expressions"), u.reason());
    }
}
