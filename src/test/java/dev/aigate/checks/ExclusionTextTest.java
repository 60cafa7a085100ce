package dev.aigate.checks;

import dev.aigate.policy.PatchDiff;
import dev.aigate.policy.Requirement;
import dev.aigate.policy.RequirementResult.Exclusion;
import dev.aigate.snapshot.PatchFingerprint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reasons an approval did not count, in the words the evaluator used to write itself. */
class ExclusionTextTest {

    private static final String OLD = "aaaa000011112222333344445555666677778888";
    private static final String HEAD = "ffff000011112222333344445555666677778888";

    private static String reason(Exclusion.Why why) {
        return ExclusionText.reason(new Exclusion("someone", why));
    }

    @Test
    void whoTheExclusionsLeaveOut() {
        assertEquals("author of the pull request", reason(new Exclusion.Author()));
        assertEquals("a bot account", reason(new Exclusion.Bot()));
        assertEquals("authored or committed commit bead123 of this pull request", reason(new Exclusion.Committer("bead123")));
        assertEquals("co-author of commit c0ffee1 (Co-authored-by trailer)", reason(new Exclusion.CoAuthor("c0ffee1")));
        assertEquals("started the agent's pull request (assigned the issue, issue #7)",
                reason(new Exclusion.Initiator("assigned the issue", "issue #7")));
    }

    @Test
    void approvalsOnOlderHeads() {
        assertEquals("approved commit aaaa000, before the latest push (head is ffff000)", reason(new Exclusion.BeforePush(OLD, HEAD)));
        PatchDiff changed = new PatchDiff(PatchDiff.Outcome.CHANGED, List.of("a", "b", "c", "d"), List.of("Old.java"),
                List.of("Parser.java"), null, "");
        assertEquals("approved commit aaaa000, and the pull request's own changes differ since: changed Parser.java; "
                + "now also changes a, b, c and 1 more; no longer changes Old.java (head is ffff000)",
                reason(new Exclusion.ChangedSince(OLD, HEAD, changed)));
        PatchDiff noPatch = new PatchDiff(PatchDiff.Outcome.UNKNOWN, List.of(), List.of(), List.of(),
                PatchFingerprint.Gap.NO_PATCH, "logo.png");
        assertEquals("approved commit aaaa000, and ai-gate cannot tell whether the changes are the same since: GitHub gives"
                + " no patch for logo.png (a binary or very large file); the approval is dropped (head is ffff000)",
                reason(new Exclusion.ChangedSince(OLD, HEAD, noPatch)));
    }

    @Test
    void peopleTheRequirementDoesNotName() {
        assertEquals("not a member of acme/security", reason(new Exclusion.NotFrom(false, List.of("acme/security"), false, null, null)));
        assertEquals("not a member of acme/ghost (team members could not be loaded)",
                reason(new Exclusion.NotFrom(false, List.of("acme/ghost"), true, null, null)));
        assertEquals("not a user with write permission (has read)",
                reason(new Exclusion.NotFrom(false, List.of(), false, Requirement.Permission.WRITE, Requirement.Permission.READ)));
        assertEquals("not a listed user, nor a member of acme/a or acme/b, nor a user with admin permission (has unknown)",
                reason(new Exclusion.NotFrom(true, List.of("acme/a", "acme/b"), false, Requirement.Permission.ADMIN, null)));
    }
}
