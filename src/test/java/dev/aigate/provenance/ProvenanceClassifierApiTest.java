package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import dev.aigate.snapshot.Review;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract other stages rely on, beyond the case table. */
class ProvenanceClassifierApiTest {

    static final ProvenanceClassifier CLASSIFIER = new ProvenanceClassifier(SignalCatalogue.builtIn());

    private static PullRequestSnapshot pr(Map<String, Object> c) {
        return ProvenanceCasesTest.snapshot(c);
    }

    @Test
    void nullSettingsMeanTheDefaults() {
        PullRequestSnapshot p = pr(Map.of("author", Map.of("login", "Copilot", "id", 198982749, "type", "Bot")));
        assertEquals(CLASSIFIER.classify(p, ProvenanceSettings.DEFAULT), CLASSIFIER.classify(p, null));
    }

    @Test
    void resultIsImmutable() {
        ProvenanceResult r = CLASSIFIER.classify(pr(Map.of("branch", "copilot/x")), ProvenanceSettings.DEFAULT);
        assertThrows(UnsupportedOperationException.class, () -> r.evidence().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.tools().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.notes().clear());
    }

    @Test
    void sixArgumentConstructorStillWorks() {
        ProvenanceResult r = new ProvenanceResult(ProvenanceClass.NONE, List.of(), 0, Set.of(), true, "v");
        assertTrue(r.notes().isEmpty());
        assertFalse(r.isAi());
    }

    @Test
    void policyEntriesThatWouldMatchPeopleAreIgnoredWithANote() {
        ProvenanceSettings s = new ProvenanceSettings(List.of(), List.of("*@users.noreply.github.com", "nonsense"),
                List.of(), null, List.of(), Set.of(), Set.of());
        Map<String, Object> c = Map.of("commits", List.of(Map.of("author", "Bob <1+bob@users.noreply.github.com>")));
        ProvenanceResult r = CLASSIFIER.classify(pr(c), s);
        assertEquals(ProvenanceClass.NONE, r.provenanceClass());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("would match people")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("neither an address")), r.notes().toString());
    }

    @Test
    void compiledSettingsAreReusedForTheSamePolicy() {
        ProvenanceSettings s = new ProvenanceSettings(List.of("acme-ai[bot]"), List.of(), List.of(), null, List.of(),
                Set.of(), Set.of());
        PullRequestSnapshot p = pr(Map.of("author", Map.of("login", "acme-ai[bot]", "id", 5, "type", "Bot")));
        assertEquals(ProvenanceClass.AGENT, CLASSIFIER.classify(p, s).provenanceClass());
        assertEquals(ProvenanceClass.NONE, CLASSIFIER.classify(p, ProvenanceSettings.DEFAULT).provenanceClass(),
                "another policy does not inherit the first one's agents");
        assertEquals(ProvenanceClass.AGENT, CLASSIFIER.classify(p, s).provenanceClass());
    }

    @Test
    void evidenceSaysWhereAndWhetherForgeable() {
        Map<String, Object> c = Map.of(
                "author", Map.of("login", "devin-ai-integration[bot]", "id", 158243242, "type", "Bot"),
                "commits", List.of(Map.of("message", "Do it\n\nCo-Authored-By: Claude <noreply@anthropic.com>")));
        ProvenanceResult r = CLASSIFIER.classify(pr(c), ProvenanceSettings.DEFAULT);
        Evidence first = r.evidence().get(0);
        assertEquals(Tier.T0, first.tier());
        assertEquals("agent.devin", first.signalId());
        assertEquals("devin", first.tool());
        assertEquals("pr.user", first.location());
        assertEquals("devin-ai-integration[bot] (id 158243242, Bot)", first.matchedText());
        assertFalse(first.forgeable());
        Evidence trailer = r.evidence().get(1);
        assertEquals("email.claude", trailer.signalId());
        assertTrue(trailer.location().matches("commit [0-9a-f]{7} trailer line 3"), trailer.location());
        assertEquals("Co-Authored-By: Claude <noreply@anthropic.com>", trailer.matchedText());
        assertTrue(trailer.forgeable());
        assertEquals(Set.of("devin", "claude"), r.tools());
        assertSame(SignalCatalogue.builtIn(), CLASSIFIER.catalogue());
    }

    @Test
    void matchedTextIsShortened() {
        String longLine = "x".repeat(500);
        assertTrue(ProvenanceClassifier.shorten(longLine).length() <= 160);
        assertEquals("a b", ProvenanceClassifier.shorten("a\nb"));
    }

    @Test
    void aReviewerOnlyNeverRaisesTheClass() {
        Map<String, Object> c = Map.of("reviews", List.of(Map.of("login", "coderabbitai[bot]", "id", 136622811, "type", "Bot")),
                "author", Map.of("login", "alice", "id", 1001, "type", "User"));
        ProvenanceResult r = CLASSIFIER.classify(pr(c), ProvenanceSettings.DEFAULT);
        assertEquals(ProvenanceClass.NONE, r.provenanceClass());
        assertEquals(Tier.REVIEWER, r.evidence().get(0).tier());
        assertTrue(r.tools().isEmpty());
        assertEquals(new Actor("alice", 1001, "User"), pr(c).author());
    }

    @Test
    void settingsCanBeCheckedWithoutAPullRequest() {
        assertTrue(CLASSIFIER.checkSettings(ProvenanceSettings.DEFAULT).isEmpty());
        List<String> problems = CLASSIFIER.checkSettings(new ProvenanceSettings(List.of(), List.of(), List.of(), null,
                List.of(), Set.of("agent.claude", "branch.nope", "mention.*"), Set.of("email.claude")));
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("agent.claude (T0)")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("'branch.nope' names no signal")), problems.toString());
    }

    @Test
    void missingFieldsAreToleratedNotGuessed() {
        PullRequestSnapshot p = new PullRequestSnapshot(new PullRequestKey(0, new RepoRef("o", "r"), 1), null, null, null,
                "open", false, null, null, List.of(), 0, 0, 0, 1,
                List.of(new ChangedFile(null, null, "modified", 1, 1), new ChangedFile("", null, "added", 0, 0)), false,
                List.of(new CommitInfo(null, null, GitIdentity.NONE, null, Actor.UNKNOWN, null, false),
                        new CommitInfo("abc", "", new GitIdentity(null, "noreply@anthropic.com"), GitIdentity.NONE,
                                new Actor(null, 0, null), Actor.UNKNOWN, false)),
                false, List.of(new Review(1, null, "COMMENTED", null, Instant.EPOCH)), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Memberships.EMPTY);
        ProvenanceResult r = CLASSIFIER.classify(p, ProvenanceSettings.DEFAULT);
        assertEquals(ProvenanceClass.ASSISTED, r.provenanceClass());
        assertEquals("commit abc author", r.evidence().get(0).location());
        assertEquals(0.5, r.aiCommitShare());
        SizeResult size = new SizeClassifier().classify(p, null);
        assertEquals(1, size.files(), "a file without a name is not counted; an empty one is");
    }

    @Test
    void longRunsOfTheSameSignalAreCountedNotListed() {
        List<Object> commits = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            commits.add(Map.of("message", "Step " + i + "\n\nCo-Authored-By: Claude <noreply@anthropic.com>"));
        }
        ProvenanceResult r = CLASSIFIER.classify(pr(Map.of("commits", commits)), ProvenanceSettings.DEFAULT);
        assertEquals(ProvenanceClassifier.MAX_ROWS_PER_SIGNAL,
                r.evidence().stream().filter(e -> e.signalId().equals("email.claude")).count());
        assertEquals(1.0, r.aiCommitShare(), "every commit still counts");
        assertTrue(r.notes().contains("Signal email.claude matched 10 more times than the 20 listed."), r.notes().toString());
    }
}
