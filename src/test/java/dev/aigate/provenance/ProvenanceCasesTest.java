package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.CreatingApp;
import dev.aigate.snapshot.TriggeringRun;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.snapshot.Review;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real-world table: each case in {@code provenance-cases.yml} is a pull request built from the
 * exact strings tools write (see docs/provenance.md for the sources) and the class, tools and
 * signals the classifier must report for it.
 */
class ProvenanceCasesTest {

    private static final ProvenanceClassifier CLASSIFIER = new ProvenanceClassifier(SignalCatalogue.builtIn());

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = ProvenanceCasesTest.class.getResourceAsStream("provenance-cases.yml")) {
            List<Map<String, Object>> all = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return all.stream().map(c -> Arguments.of(c.get("name"), c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifies(String name, Map<String, Object> c) {
        PullRequestSnapshot pr = snapshot(c);
        ProvenanceSettings settings = settings(map(c.get("settings")));
        ProvenanceResult r = CLASSIFIER.classify(pr, settings);
        Map<String, Object> expect = map(c.get("expect"));
        String explain = "\n  evidence: " + r.evidence().stream().map(Object::toString).collect(Collectors.joining("\n            "))
                + "\n  notes: " + r.notes();

        assertEquals(expect.get("class"), r.provenanceClass().id(), "class" + explain);
        if (expect.containsKey("tools")) {
            assertEquals(new TreeSet<>(strings(expect.get("tools"))), new TreeSet<>(r.tools()), "tools" + explain);
        }
        Set<String> ids = r.evidence().stream().map(Evidence::signalId).collect(Collectors.toSet());
        for (String s : strings(expect.get("signals"))) {
            assertTrue(ids.contains(s), "expected signal " + s + explain);
        }
        for (String s : strings(expect.get("absent"))) {
            assertFalse(ids.contains(s), "unexpected signal " + s + explain);
        }
        if (expect.containsKey("share")) {
            assertEquals(((Number) expect.get("share")).doubleValue(), r.aiCommitShare(), 1e-9, "aiCommitShare" + explain);
        }
        if (expect.containsKey("complete")) {
            assertEquals(expect.get("complete"), r.commitsComplete(), "commitsComplete");
        }
        for (String n : strings(expect.get("notes"))) {
            assertTrue(r.notes().stream().anyMatch(x -> x.contains(n)), "expected a note containing '" + n + "'" + explain);
        }
        Map<String, Object> tiers = map(expect.get("tiers"));
        tiers.forEach((signal, tier) -> assertTrue(
                r.evidence().stream().anyMatch(e -> e.signalId().equals(signal) && e.tier().name().equals(tier)),
                signal + " should be found at tier " + tier + explain));
        Map<String, Object> locations = map(expect.get("locations"));
        locations.forEach((signal, where) -> assertTrue(
                r.evidence().stream().anyMatch(e -> e.signalId().equals(signal) && e.location().equals(where)),
                signal + " should be found at '" + where + "'" + explain));
        for (String s : strings(expect.get("trusted"))) {
            assertTrue(r.evidence().stream().anyMatch(e -> e.signalId().equals(s) && !e.forgeable()),
                    s + " should be marked as not forgeable" + explain);
        }
        if (expect.containsKey("initiator")) {
            assertEquals(expect.get("initiator"), r.initiator() == null ? null : r.initiator().login(), "initiator" + explain
                    + "\n  initiator: " + r.initiator());
        }
        if (expect.containsKey("initiated_by")) {
            assertTrue(r.initiator() != null && r.initiator().how().contains((String) expect.get("initiated_by")),
                    "initiator how: " + r.initiator() + explain);
        }
        for (String kind : strings(expect.get("unavailable"))) {
            assertTrue(r.unavailable().stream().anyMatch(u -> u.kind().name().equals(kind)),
                    "expected " + kind + " unavailable: " + r.unavailable() + explain);
        }
        if (expect.containsKey("undisclosed")) {
            assertEquals(expect.get("undisclosed"), r.undisclosed().isPresent(), "undisclosed: " + r.undisclosed() + explain);
        }
        if (Boolean.TRUE.equals(expect.get("no_evidence"))) {
            assertTrue(r.evidence().isEmpty(), "expected no evidence at all" + explain);
        }
        // Invariants that hold for every case.
        assertEquals(CLASSIFIER.catalogueVersion(), r.catalogueVersion());
        for (int i = 1; i < r.evidence().size(); i++) {
            assertTrue(r.evidence().get(i - 1).tier().compareTo(r.evidence().get(i).tier()) <= 0, "strongest first");
        }
        if (!r.commitsComplete()) {
            assertFalse(r.provenanceClass() == ProvenanceClass.NONE, "never NONE with unseen commits");
        }
        assertEquals(r, CLASSIFIER.classify(pr, settings), "deterministic");
    }

    /**
     * The asymmetry rule on every case: whatever the author adds to say "no AI was used" (a ticked
     * "not assisted" box, a disclosure line, an {@code Assisted-by: none} commit, a label) never
     * lowers the class.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void claimsOfNoAiNeverLowerTheClass(String name, Map<String, Object> c) {
        PullRequestSnapshot pr = snapshot(c);
        ProvenanceSettings settings = settings(map(c.get("settings")));
        ProvenanceResult before = CLASSIFIER.classify(pr, settings);
        List<CommitInfo> commits = new ArrayList<>(pr.commits());
        commits.add(new CommitInfo("d".repeat(40), "Tidy\n\nAssisted-by: none\nAI-Generated: false\n",
                new GitIdentity("Alice", "alice@example.com"), new GitIdentity("Alice", "alice@example.com"),
                Actor.UNKNOWN, Actor.UNKNOWN, true));
        List<String> labels = new ArrayList<>(pr.labels());
        labels.add("human-written");
        PullRequestSnapshot claimed = new PullRequestSnapshot(pr.key(), pr.title(),
                pr.body() + "\n\n- [x] This contribution was NOT assisted or created by Generative AI tools.\n"
                        + "AI tools used: none\n<!-- no AI here -->\n",
                pr.author(), pr.state(), pr.draft(), pr.head(), pr.base(), labels, pr.additions(), pr.deletions(),
                pr.changedFilesCount(), Math.max(pr.commitsCount(), commits.size() - 1) + 1, pr.files(), pr.filesTruncated(),
                commits, pr.commitsTruncated(), pr.reviews(), pr.checks(), pr.policy(), pr.codeowners(), pr.gitattributes(),
                pr.memberships()).withPeople(pr.people());
        ProvenanceResult after = CLASSIFIER.classify(claimed, settings);
        assertTrue(scrutiny(after.provenanceClass()) >= scrutiny(before.provenanceClass()),
                before.provenanceClass() + " became " + after.provenanceClass());
        assertTrue(after.evidence().containsAll(before.evidence().stream()
                        .filter(e -> !e.signalId().equals("incomplete.commits")).toList()),
                "no evidence disappears");
    }

    /** How much scrutiny a class calls for; automation and none are both "no AI markers". */
    private static int scrutiny(ProvenanceClass c) {
        return switch (c) {
            case AGENT -> 5;
            case ASSISTED -> 4;
            case DECLARED -> 3;
            case SUSPECTED -> 2;
            case NONE, AUTOMATION -> 1;
        };
    }

    // ---------------------------------------------------------------------------------------------

    static PullRequestSnapshot snapshot(Map<String, Object> c) {
        Actor author = actor(c.containsKey("author") ? c.get("author") : Map.of("login", "alice", "id", 1001, "type", "User"));
        List<CommitInfo> commits = new ArrayList<>();
        int n = 0;
        for (Object o : list(c.get("commits"))) {
            Map<String, Object> m = map(o);
            n++;
            GitIdentity a = identity((String) m.getOrDefault("author", "Alice Example <alice@example.com>"));
            GitIdentity cm = m.containsKey("committer") ? identity((String) m.get("committer")) : a;
            Actor aa = m.containsKey("author_account") ? actor(m.get("author_account")) : Actor.UNKNOWN;
            Actor ca = m.containsKey("committer_account") ? actor(m.get("committer_account")) : aa;
            String sha = String.format("%040x", n * 0x1111111L + 0xabc);
            commits.add(new CommitInfo(sha, (String) m.getOrDefault("message", "Change things"), a, cm, aa, ca, false));
        }
        List<ChangedFile> files = new ArrayList<>();
        for (Object o : list(c.get("files"))) {
            files.add(new ChangedFile((String) o, null, "modified", 3, 1));
        }
        List<Review> reviews = new ArrayList<>();
        long rid = 500;
        for (Object o : list(c.get("reviews"))) {
            reviews.add(new Review(rid++, actor(o), "COMMENTED", "abc", Instant.parse("2026-01-01T00:00:00Z")));
        }
        int commitsCount = c.containsKey("commits_count") ? ((Number) c.get("commits_count")).intValue() : commits.size();
        return new PullRequestSnapshot(new PullRequestKey(1, new RepoRef("acme", "widgets"), 7),
                (String) c.getOrDefault("title", "A change"), (String) c.getOrDefault("body", ""), author, "open", false,
                new BranchRef((String) c.getOrDefault("branch", "feature/work"), "f".repeat(40), "acme/widgets"),
                new BranchRef("main", "e".repeat(40), "acme/widgets"), strings(c.get("labels")), 10, 2, files.size(),
                commitsCount, files, false, commits, Boolean.TRUE.equals(c.get("commits_truncated")), reviews, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Memberships.EMPTY)
                .withPeople(new PullRequestSnapshot.People(c.containsKey("via_app") ? actor(c.get("via_app")) : null,
                        list(c.get("assignees")).stream().map(ProvenanceCasesTest::actor).toList(),
                        list(c.get("requested_reviewers")).stream().map(ProvenanceCasesTest::actor).toList())
                        .withCreatingApp(creatingApp(map(c.get("created_via"))))
                        .withTriggeringRun(run(map(c.get("run")))));
    }

    /** {@code created_via: { slug, app_id }} as the issue view says, or {@code { unavailable: 404 }}. */
    private static CreatingApp creatingApp(Map<String, Object> m) {
        if (m.isEmpty()) {
            return null;
        }
        if (m.containsKey("unavailable")) {
            return CreatingApp.unavailable(((Number) m.get("unavailable")).intValue());
        }
        return CreatingApp.app((String) m.get("slug"), ((Number) m.getOrDefault("app_id", 0)).longValue());
    }

    /** {@code run: { id, line, triggering_actor, actor }} as the run says, or {@code { id, unavailable: 404 }}. */
    private static TriggeringRun run(Map<String, Object> m) {
        if (m.isEmpty()) {
            return null;
        }
        long id = ((Number) m.get("id")).longValue();
        int line = ((Number) m.getOrDefault("line", 1)).intValue();
        if (m.containsKey("unavailable")) {
            return new TriggeringRun(id, line, TriggeringRun.State.UNAVAILABLE, null, null,
                    ((Number) m.get("unavailable")).intValue());
        }
        return new TriggeringRun(id, line, TriggeringRun.State.READ,
                m.containsKey("triggering_actor") ? actor(m.get("triggering_actor")) : null,
                m.containsKey("actor") ? actor(m.get("actor")) : null, 0);
    }

    static ProvenanceSettings settings(Map<String, Object> s) {
        if (s.isEmpty()) {
            return ProvenanceSettings.DEFAULT;
        }
        return new ProvenanceSettings(strings(s.get("agents")), strings(s.get("emails")), strings(s.get("trailers")),
                (String) s.get("declared_label"), strings(s.get("branch_prefixes")),
                new HashSet<>(strings(s.get("disabled"))), new HashSet<>(strings(s.get("overridden"))));
    }

    private static Actor actor(Object o) {
        Map<String, Object> m = map(o);
        Object id = m.getOrDefault("id", 0);
        return new Actor((String) m.get("login"), ((Number) id).longValue(), (String) m.get("type"));
    }

    private static GitIdentity identity(String text) {
        int lt = text.lastIndexOf('<');
        if (lt < 0 || !text.endsWith(">")) {
            fail("identity must be 'Name <email>': " + text);
        }
        return new GitIdentity(text.substring(0, lt).trim(), text.substring(lt + 1, text.length() - 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : list(o)) {
            out.add(String.valueOf(x));
        }
        return out;
    }
}
