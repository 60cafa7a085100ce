package dev.aigate.checks;

import dev.aigate.policy.Requirement;
import dev.aigate.policy.RequirementFacts;
import dev.aigate.policy.RequirementResult;
import dev.aigate.snapshot.Listing;
import dev.aigate.snapshot.ListingCut;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sentences rendered from a requirement's facts: the wording the evaluator used to write itself, now in one
 * place. The evaluator's tests compare the facts; these compare the words.
 */
class RequirementTextTest {

    private static final String HEAD = "ffff0001111222233334444555566667777888";

    private static RequirementResult result(String kind, RequirementFacts facts) {
        return new RequirementResult(kind, facts.status(), facts, List.of(), List.of(), List.of(), 0, List.of());
    }

    private static RequirementResult cut(RequirementResult r, List<ListingCut> cuts) {
        return new RequirementResult(r.kind(), r.status().met() ? dev.aigate.policy.Status.FAILED : r.status(), r.facts(),
                r.counted(), r.excluded(), r.fileNotes(), r.policyLine(), r.reviewersToRequest(), cuts, r.carried());
    }

    @Test
    void approvalsSayHowManyAndFromWhom() {
        RequirementResult r = result("approvals", new RequirementFacts.Approvals(2, List.of("bob"), List.of(),
                List.of("acme/backend"), null, List.of(Requirement.Exclude.AUTHOR), Requirement.Invalidation.PUSH, HEAD, null));
        assertEquals("1 of 2 required approvals (bob)", RequirementText.detail(r));
        assertEquals("Needs 1 more approval from a member of @acme/backend, by someone other than the author, "
                + "given on the current head ffff000.", RequirementText.howToSatisfy(r));

        RequirementResult every = result("approvals", new RequirementFacts.Approvals(3, List.of(), List.of("bob", "carol"),
                List.of("acme/a", "acme/b"), Requirement.Permission.WRITE,
                List.of(Requirement.Exclude.AUTHOR, Requirement.Exclude.INITIATOR), Requirement.Invalidation.DIFF_CHANGE,
                HEAD, "mona"));
        assertEquals("0 of 3 required approvals", RequirementText.detail(every));
        assertEquals("Needs 3 more approvals from bob, carol or a member of @acme/a or @acme/b or someone with write "
                + "permission, by someone other than the author, initiator, and not by mona, who started the agent, given on "
                + "the current head ffff000 or on an earlier head with the same changes.", RequirementText.howToSatisfy(every));

        RequirementResult met = result("approvals", new RequirementFacts.Approvals(1, List.of("bob"), List.of(), List.of(),
                null, List.of(), Requirement.Invalidation.NEVER, HEAD, null));
        assertEquals("1 of 1 required approval (bob)", RequirementText.detail(met));
        assertEquals("", RequirementText.howToSatisfy(met));
    }

    @Test
    void codeownersSayWhichFilesWait() {
        RequirementResult none = result("codeowners", new RequirementFacts.Codeowners(false, 0, 0, List.of(), List.of()));
        assertEquals("the base branch has no CODEOWNERS file", RequirementText.detail(none));
        assertEquals("Add a CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS) to the base branch, "
                + "or remove the codeowners requirement.", RequirementText.howToSatisfy(none));
        RequirementResult waiting = result("codeowners", new RequirementFacts.Codeowners(true, 1, 1,
                List.of("dora", "acme/api", "ops@acme.example"), List.of("line 3: unknown owner")));
        assertEquals("1 changed file has code owners; 1 still needs an owner's approval (line 3: unknown owner)",
                RequirementText.detail(waiting));
        assertEquals("Needs approval from a code owner of each listed file: @dora, @acme/api, ops@acme.example.",
                RequirementText.howToSatisfy(waiting));
    }

    @Test
    void testsSayWhatChanged() {
        RequirementResult missing = result("tests", new RequirementFacts.Tests("[src/main/**]", "[src/test/**]", 2, 0, 2, false));
        assertEquals("2 files matching [src/main/**] changed, but no file matching [src/test/**]", RequirementText.detail(missing));
        assertEquals("Add or update tests under [src/test/**] in this pull request.", RequirementText.howToSatisfy(missing));
        RequirementResult perFile = result("tests", new RequirementFacts.Tests("[src/main/**]", "[src/test/**]", 2, 1, 1, true));
        assertEquals("1 test file changed for 2 source files; 1 without a test of the same name", RequirementText.detail(perFile));
        assertEquals("Add a test for each listed file (a test file whose name contains the source file's name).",
                RequirementText.howToSatisfy(perFile));
        RequirementResult skipped = result("tests", new RequirementFacts.Tests("[lib/**]", "[src/test/**]", 0, 0, 0, false));
        assertEquals("no changed file matches [lib/**]", RequirementText.detail(skipped));
        assertEquals("", RequirementText.howToSatisfy(skipped));
    }

    @Test
    void checksSayWhatSucceededFailedAndRuns() {
        RequirementResult failed = result("checks", new RequirementFacts.Checks(List.of("gitleaks"),
                List.of(new RequirementFacts.Checks.Check("CodeQL", "failure")), List.of(), List.of(), HEAD));
        assertEquals("succeeded: gitleaks; did not succeed: CodeQL (failure) on ffff000", RequirementText.detail(failed));
        assertEquals("Fix what made CodeQL (failure) fail and push, or re-run it.", RequirementText.howToSatisfy(failed));
        RequirementResult pending = result("checks", new RequirementFacts.Checks(List.of(), List.of(),
                List.of(new RequirementFacts.Checks.Check("CodeQL", "in_progress")), List.of("gitleaks"), HEAD));
        assertEquals("still running: CodeQL (in_progress); not reported: gitleaks on ffff000", RequirementText.detail(pending));
        assertEquals("Wait for gitleaks to report on the head commit; if it never runs for this pull request, check its "
                + "workflow triggers.", RequirementText.howToSatisfy(pending));
        RequirementResult running = result("checks", new RequirementFacts.Checks(List.of(), List.of(),
                List.of(new RequirementFacts.Checks.Check("CodeQL", "queued")), List.of(), HEAD));
        assertEquals("Wait for the running checks to finish.", RequirementText.howToSatisfy(running));
    }

    @Test
    void labelsSayWhatToAddAndRemove() {
        RequirementResult missing = result("labels", new RequirementFacts.Labels(List.of("reviewed", "ai-assisted"), List.of(),
                List.of("reviewed"), List.of()));
        assertEquals("missing label reviewed", RequirementText.detail(missing));
        assertEquals("Add the label reviewed to the pull request.", RequirementText.howToSatisfy(missing));
        RequirementResult unwanted = result("labels", new RequirementFacts.Labels(List.of(), List.of("large-ai-change"),
                List.of(), List.of("Large-AI-change")));
        assertEquals("has label Large-AI-change, which must not be on it", RequirementText.detail(unwanted));
        assertEquals("Remove the label Large-AI-change from the pull request.", RequirementText.howToSatisfy(unwanted));
        RequirementResult both = result("labels", new RequirementFacts.Labels(List.of("reviewed"), List.of("wip"),
                List.of("reviewed"), List.of("wip")));
        assertEquals("missing label reviewed; has label wip, which must not be on it", RequirementText.detail(both));
        assertEquals("Add the label reviewed and remove the label wip on the pull request.", RequirementText.howToSatisfy(both));
        RequirementResult ok = result("labels", new RequirementFacts.Labels(List.of(), List.of("large-ai-change"), List.of(), List.of()));
        assertEquals("has none of large-ai-change", RequirementText.detail(ok));
    }

    @Test
    void disclosureAndSize() {
        RequirementResult custom = result("disclosure", new RequirementFacts.Disclosure(false, false, List.of("(?m)^Assisted-by:")));
        assertEquals("the description has no AI-disclosure section or ticked checkbox", RequirementText.detail(custom));
        assertEquals("Edit the description so that it matches /(?m)^Assisted-by:/.", RequirementText.howToSatisfy(custom));
        RequirementResult size = result("max_size", new RequirementFacts.MaxSize(36, 3, 1000, 2));
        assertEquals("36 changed lines in 3 files (limit: 1000 lines, 2 files)", RequirementText.detail(size));
        assertEquals("1 changed line in 1 file (limit: 1 line, 1 file)",
                RequirementText.detail(result("max_size", new RequirementFacts.MaxSize(1, 1, 1, 1))));
        assertEquals("12345 changed lines in 1 file (limit: 1000 lines)",
                RequirementText.detail(result("max_size", new RequirementFacts.MaxSize(12345, 1, 1000, null))));
    }

    @Test
    void cutListingsAddWhatWasListedAndTheAdvice() {
        List<ListingCut> cuts = List.of(new ListingCut(Listing.FILES, 3000, 3001));
        RequirementResult metOnThePartListed = cut(result("max_size", new RequirementFacts.MaxSize(10, 3000, null, 3000)), cuts);
        assertEquals("10 changed lines in 3000 files (limit: 3000 files) (3,000 of 3,001 changed files listed)",
                RequirementText.detail(metOnThePartListed));
        assertEquals("GitHub lists only 3,000 of 3,001 changed files, so ai-gate cannot tell whether this is met. "
                + "Split the pull request, or a maintainer can override.", RequirementText.howToSatisfy(metOnThePartListed));
        RequirementResult unmet = cut(result("tests", new RequirementFacts.Tests("[src/**]", "[test/**]", 1, 0, 1, false)), cuts);
        assertEquals("Add or update tests under [test/**] in this pull request. GitHub lists only 3,000 of 3,001 changed "
                + "files, so ai-gate cannot tell whether this is met. Split the pull request, or a maintainer can override.",
                RequirementText.howToSatisfy(unmet));
    }

    @Test
    void fileNotesSayWhatTheFileWaitsFor() {
        assertEquals("needs approval from a code owner: @dora, @acme/api, ops@acme.example",
                FileNoteText.message(new RequirementResult.FileNote("a", 1,
                        new RequirementResult.FileNote.NeedsOwner(List.of("dora", "acme/api", "ops@acme.example")))));
        assertEquals("changed without a matching test change (expected under [src/test/**])",
                FileNoteText.message(new RequirementResult.FileNote("a", 1, new RequirementResult.FileNote.Untested("[src/test/**]"))));
    }
}
