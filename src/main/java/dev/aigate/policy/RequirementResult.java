package dev.aigate.policy;

import java.util.List;

/**
 * The outcome of one requirement of a rule.
 *
 * @param kind         the requirement key: approvals, tests, checks, ...
 * @param status       satisfied, pending, failed or skipped
 * @param detail       what was found, in one sentence
 * @param howToSatisfy what to do next; empty when satisfied
 * @param counted      who or what counted towards it (e.g. approving reviewers)
 * @param excluded     who was left out, and why
 * @param fileNotes    per-file notes (become check-run annotations)
 */
public record RequirementResult(String kind, Status status, String detail, String howToSatisfy,
                                List<String> counted, List<Exclusion> excluded, List<FileNote> fileNotes) {

    public RequirementResult {
        counted = List.copyOf(counted);
        excluded = List.copyOf(excluded);
        fileNotes = List.copyOf(fileNotes);
    }

    /** Someone or something left out of a count. */
    public record Exclusion(String who, String reason) {
    }

    /** A note on a file of the pull request, or of the policy. */
    public record FileNote(String path, int line, String message) {
    }
}
