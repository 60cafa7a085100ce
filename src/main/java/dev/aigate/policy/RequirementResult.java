package dev.aigate.policy;

import dev.aigate.snapshot.ListingCut;

import java.util.List;

/**
 * The outcome of one requirement of a rule, as data; {@code checks} renders its sentences.
 *
 * @param kind              the requirement key: approvals, codeowners, tests, checks, labels, disclosure, max_size
 * @param status            satisfied, pending, failed or skipped
 * @param facts             what was found: counts, names, thresholds, what is missing
 * @param counted           who or what counted towards it (approving reviewers, passing checks, changed tests)
 * @param excluded          who was left out, and why
 * @param fileNotes         per-file notes (become check-run annotations)
 * @param policyLine        the line of the policy file the requirement is written on (0 when unknown)
 * @param reviewersToRequest when the policy asks for it: logins and {@code org/slug} teams to request a review from
 * @param cuts              the listings this requirement reads that GitHub listed only in part; when any, the
 *                          requirement is never satisfied or skipped (fail closed)
 * @param carried           under {@code invalidate_on: diff_change}: the approvals on earlier heads, each
 *                          kept or dropped by comparing the pull request's own changes then and now
 */
public record RequirementResult(String kind, Status status, RequirementFacts facts,
                                List<String> counted, List<Exclusion> excluded, List<FileNote> fileNotes,
                                int policyLine, List<String> reviewersToRequest, List<ListingCut> cuts,
                                List<Carried> carried) {

    public RequirementResult {
        carried = carried == null ? List.of() : List.copyOf(carried);
        counted = List.copyOf(counted);
        excluded = List.copyOf(excluded);
        fileNotes = List.copyOf(fileNotes);
        reviewersToRequest = List.copyOf(reviewersToRequest);
        cuts = cuts == null ? List.of() : List.copyOf(cuts);
    }

    public RequirementResult(String kind, Status status, RequirementFacts facts,
                             List<String> counted, List<Exclusion> excluded, List<FileNote> fileNotes,
                             int policyLine, List<String> reviewersToRequest) {
        this(kind, status, facts, counted, excluded, fileNotes, policyLine, reviewersToRequest, List.of(), List.of());
    }

    /** This result with the approvals carried (or not) across pushes. */
    RequirementResult withCarried(List<Carried> approvals) {
        return new RequirementResult(kind, status, facts, counted, excluded, fileNotes, policyLine,
                reviewersToRequest, cuts, approvals);
    }

    /**
     * This result read from listings that were cut: a satisfied or skipped one becomes failed, since the
     * part not listed could change it; a pending or failed one stays so. Either way it names the cuts.
     */
    RequirementResult cutShort(List<ListingCut> listingCuts) {
        if (listingCuts.isEmpty()) {
            return this;
        }
        return new RequirementResult(kind, status.met() ? Status.FAILED : status, facts, counted, excluded, fileNotes,
                policyLine, reviewersToRequest, listingCuts, carried);
    }

    /**
     * An approval given on an earlier head, judged against the current head: kept when the pull request's
     * own changes are the same ({@link PatchDiff#same()}), dropped otherwise.
     */
    public record Carried(String who, String approvedSha, String headSha, PatchDiff diff) {
        public boolean kept() {
            return diff.same();
        }
    }

    /** Someone or something left out of a count. */
    public record Exclusion(String who, String reason) {
    }

    /** A note on a file of the pull request (line 1 when it concerns the whole file), or of the policy. */
    public record FileNote(String path, int line, String message) {
    }
}
