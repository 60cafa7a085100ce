package dev.aigate.policy;

import dev.aigate.snapshot.Listing;
import dev.aigate.snapshot.ListingCut;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.aigate.policy.PolicyTesting.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listing GitHub cut short (files, commits, reviews, checks) never lets a rule be skipped, or a
 * requirement be satisfied, on the strength of the part listed: each case passes with the listing
 * whole, and fails closed, naming the cut listing, with the same data cut.
 */
class IncompleteListingsTest {

    private static final String HEADER = """
            version: 1
            size:
              small: { max_lines: 50 }
            rules:
              - name: r
            """;

    /**
     * @param rule     the rule's keys after {@code name}
     * @param whole    the pull request as GitHub lists it in full (the rule passes)
     * @param cut      what is then cut from the listing
     * @param listing  the listing the failure must name
     * @param undecidedIf whether the rule's {@code if} is what cannot be decided (else a requirement)
     */
    record Case(String name, String rule, Consumer<Prs> whole, Consumer<Prs> cut, Listing listing, boolean undecidedIf) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> failsClosed() {
        return Stream.of(
                // files
                new Case("changed_files: the one src file is past GitHub's 3,000",
                        "    if: { changed_files: [\"src/**\"] }\n    require: { approvals: 1 }\n",
                        pr -> pr.file("docs/a.md"), pr -> pr.changedFilesCount = 3001, Listing.FILES, true),
                new Case("changed_files: GitHub listed [] for a pull request that changes one file",
                        "    if: { changed_files: [\"src/**\"] }\n    require: { approvals: 1 }\n",
                        pr -> { }, pr -> pr.changedFilesCount = 1, Listing.FILES, true),
                new Case("not only_changed_files: every listed file is docs",
                        "    if: { not: { only_changed_files: [\"docs/**\"] } }\n    require: { approvals: 1 }\n",
                        pr -> pr.file("docs/a.md"), pr -> pr.changedFilesCount = 3001, Listing.FILES, true),
                new Case("size: the unseen files may make it small",
                        "    if: { not: { size: [small] } }\n    require: { approvals: 1 }\n",
                        pr -> pr.file("a.txt", 10, 0),
                        pr -> { pr.additions = 410; pr.changedFilesCount = 2; }, Listing.FILES, true),
                new Case("tests: no listed source, so no test was demanded",
                        "    require: { tests: { when_changed: [\"src/**\"], must_change: [\"test/**\"] } }\n",
                        pr -> pr.file("docs/a.md"), pr -> pr.changedFilesCount = 3001, Listing.FILES, false),
                new Case("codeowners: the listed files are approved by their owner",
                        "    require: { codeowners: true }\n",
                        pr -> { pr.file("src/A.java").approve("bob"); pr.codeowners = "src/ @bob\n"; },
                        pr -> pr.changedFilesCount = 3001, Listing.FILES, false),
                // commits
                new Case("provenance: the AI commits are among the unlisted 10 of 260",
                        "    if: { provenance: [agent, assisted] }\n    require: { approvals: 1 }\n",
                        pr -> commits(pr, 250), pr -> pr.commitsCount = 260, Listing.COMMITS, true),
                new Case("provenance: an unlisted AI config file may add the weak hint that makes it suspected",
                        "    if: { provenance: [suspected] }\n    require: { approvals: 1 }\n",
                        pr -> pr.file("docs/a.md"), pr -> pr.changedFilesCount = 3001, Listing.FILES, true),
                new Case("ai_commit_share: unlisted commits may carry markers",
                        "    if: { ai_commit_share: { min: 0.5 } }\n    require: { approvals: 1 }\n",
                        pr -> commits(pr, 250), pr -> pr.commitsCount = 600, Listing.COMMITS, true),
                new Case("approvals: the approver may have committed an unlisted commit",
                        "    require: { approvals: { count: 1, exclude: [author, committers] } }\n",
                        pr -> { commits(pr, 250); pr.approve("bob"); }, pr -> pr.commitsCount = 260, Listing.COMMITS, false),
                // reviews
                new Case("approvals: a later review past the listed ones may withdraw the approval",
                        "    require: { approvals: 1 }\n",
                        pr -> pr.file("a").approve("bob"), pr -> pr.cuts.add(new ListingCut(Listing.REVIEWS, 1, ListingCut.UNKNOWN)),
                        Listing.REVIEWS, false),
                // checks
                new Case("checks: an unlisted run of ci may have failed",
                        "    require: { checks: [ci] }\n",
                        pr -> pr.file("a").check("ci", "completed", "success"),
                        pr -> pr.cuts.add(new ListingCut(Listing.CHECKS, 1, 1200)), Listing.CHECKS, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void failsClosed(Case c) {
        Prs whole = new Prs();
        c.whole().accept(whole);
        Evaluation passed = evaluate(HEADER + c.rule(), whole);
        assertEquals(Verdict.SUCCESS, passed.verdict(), "with the listing whole: " + passed.rules());

        Prs cut = new Prs();
        c.whole().accept(cut);
        c.cut().accept(cut);
        Evaluation e = evaluate(HEADER + c.rule(), cut);
        RuleResult rule = e.rules().get(0);
        assertNotEquals(Verdict.SUCCESS, e.verdict(), "with the listing cut: " + e.rules());
        assertEquals(Verdict.FAILURE, e.verdict());
        assertTrue(rule.applied(), rule.why());
        if (c.undecidedIf()) {
            assertEquals(List.of(c.listing()), rule.undecidedBy().stream().map(ListingCut::listing).toList(), rule.why());
        } else {
            RequirementResult q = rule.requirements().get(0);
            assertEquals(Status.FAILED, q.status(), q.facts().toString());
            assertEquals(List.of(c.listing()), q.cuts().stream().map(ListingCut::listing).toList());
            String how = dev.aigate.checks.RequirementText.howToSatisfy(q);
            assertTrue(how.contains("cannot tell whether this is met"), how);
        }
        assertTrue(e.notes().stream().anyMatch(n -> n.contains("fail closed")), e.notes().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failsClosed")
    void theRuleSaysWhichListingWasCut(Case c) {
        Prs cut = new Prs();
        c.whole().accept(cut);
        c.cut().accept(cut);
        RuleResult rule = evaluate(HEADER + c.rule(), cut).rules().get(0);
        String said = c.undecidedIf() ? rule.why() : dev.aigate.checks.RequirementText.detail(rule.requirements().get(0))
                + " " + dev.aigate.checks.RequirementText.howToSatisfy(rule.requirements().get(0));
        String noun = switch (c.listing()) {
            case FILES -> "changed files";
            case COMMITS -> "commits";
            case REVIEWS -> "reviews";
            case CHECKS -> "check runs and statuses";
        };
        assertTrue(said.contains(noun) && said.contains("listed"), said);
    }

    /** What the part listed does settle stays decided, so a cut listing does not fail everything. */
    static Stream<Case> decidedDespiteTheCut() {
        return Stream.of(
                new Case("a listed file outside docs already rules out only_changed_files",
                        "    if: { only_changed_files: [\"docs/**\"] }\n    require: { approvals: 1 }\n",
                        pr -> pr.file("src/A.java"), pr -> pr.changedFilesCount = 3001, Listing.FILES, true),
                new Case("a listed src file already matches, so not changed_files is false",
                        "    if: { not: { changed_files: [\"src/**\"] } }\n    require: { approvals: 1 }\n",
                        pr -> pr.file("src/A.java"), pr -> pr.changedFilesCount = 3001, Listing.FILES, true),
                new Case("an agent author is the strongest class whatever the unlisted commits say",
                        "    if: { provenance: [assisted, declared, suspected, none] }\n    require: { approvals: 1 }\n",
                        pr -> { pr.author = Prs.bot("Copilot"); commits(pr, 250); }, pr -> pr.commitsCount = 300,
                        Listing.COMMITS, true),
                new Case("unlisted commits add at most a tool-written marker, never an agent author",
                        "    if: { provenance: [agent] }\n    require: { approvals: 1 }\n",
                        pr -> commits(pr, 250), pr -> pr.commitsCount = 260, Listing.COMMITS, true),
                new Case("unlisted files add at most a weak hint, so a human pull request is not taken for an AI one",
                        "    if: { provenance: [agent, assisted, declared] }\n    require: { approvals: 1 }\n",
                        pr -> pr.file("docs/a.md"), pr -> pr.changedFilesCount = 3001, Listing.FILES, true),
                new Case("approvals that do not exclude committers do not read the commits",
                        "    require: { approvals: 1 }\n",
                        pr -> { commits(pr, 250); pr.approve("bob"); }, pr -> pr.commitsCount = 260, Listing.COMMITS, false),
                new Case("labels read no listing",
                        "    if: { has_labels: [big] }\n    require: { labels: [reviewed] }\n",
                        pr -> pr.file("a").label("big", "reviewed"), pr -> pr.changedFilesCount = 3001, Listing.FILES, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void decidedDespiteTheCut(Case c) {
        Prs whole = new Prs();
        c.whole().accept(whole);
        Evaluation before = evaluate(HEADER + c.rule(), whole);
        Prs cut = new Prs();
        c.whole().accept(cut);
        c.cut().accept(cut);
        Evaluation e = evaluate(HEADER + c.rule(), cut);
        assertEquals(before.verdict(), e.verdict(), e.rules().toString());
        assertEquals(Verdict.SUCCESS, e.verdict());
        assertTrue(e.rules().get(0).undecidedBy().isEmpty());
        assertFalse(e.rules().get(0).requirements().stream().anyMatch(q -> !q.cuts().isEmpty()));
    }

    /** {@code n} plain commits by alice, none with an AI marker. */
    private static void commits(Prs pr, int n) {
        pr.file("src/A.java");
        for (int i = 0; i < n; i++) {
            pr.commit(String.format("%040x", i), Prs.user("alice"), "Step " + i);
        }
    }
}
