package dev.aigate.policy;

import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.snapshot.Review;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The approval counting that {@code approvals} and {@code codeowners} share: which of the latest approvals
 * count, who is left out under the exclusions and {@code invalidate_on}, and why.
 */
final class ApprovalCounting {

    /** How an approval on an older commit is described; such reviewers are asked again. */
    static final String STALE = "approved commit ";

    private ApprovalCounting() {
    }

    /**
     * The latest approvals that count, in review order. Each one that does not, under the exclusions or the
     * requirement's own {@code alsoRefuse} (why not, or null), is added to {@code excluded} with the reason.
     * Under {@code diff_change}, each approval on an earlier head that is otherwise eligible is added to
     * {@code carried}: kept when the pull request's own changes are the same since, else dropped.
     */
    static List<Review> counted(PullRequestFacts f, Set<Requirement.Exclude> exclude, Requirement.Invalidation invalidateOn,
                                Function<Review, String> alsoRefuse,
                                List<RequirementResult.Exclusion> excluded,
                                List<RequirementResult.Carried> carried) {
        List<Review> counted = new ArrayList<>();
        for (Review r : f.latestReviews().values()) {
            if (!r.isApproval()) {
                continue;
            }
            String why = reviewerExcluded(f, r, exclude, invalidateOn == Requirement.Invalidation.PUSH);
            if (why == null) {
                why = alsoRefuse.apply(r);
            }
            if (why == null && invalidateOn == Requirement.Invalidation.DIFF_CHANGE && f.headSha() != null
                    && !f.headSha().equals(r.commitId())) {
                PatchDiff diff = PatchDiff.compare(f.pr.patchesAt(r.commitId()).orElse(null),
                        f.pr.patchesAt(f.headSha()).orElse(null));
                carried.add(new RequirementResult.Carried(r.reviewer().login(), r.commitId(), f.headSha(), diff));
                if (!diff.same()) {
                    why = STALE + PullRequestFacts.shortSha(r.commitId()) + ", " + dropped(diff) + " (head is "
                            + PullRequestFacts.shortSha(f.headSha()) + ")";
                }
            }
            if (why == null) {
                counted.add(r);
            } else {
                excluded.add(new RequirementResult.Exclusion(r.reviewer().login(), why));
            }
        }
        return counted;
    }

    /** Why an approval on an earlier head no longer holds under {@code diff_change}. */
    private static String dropped(PatchDiff d) {
        if (d.outcome() == PatchDiff.Outcome.UNKNOWN) {
            String why = switch (d.gap()) {
                case NO_PATCH -> "GitHub gives no patch for " + (d.gapDetail().isEmpty() ? "a file" : d.gapDetail())
                        + " (a binary or very large file)";
                case TOO_MANY_FILES -> "GitHub lists at most " + PatchFingerprint.MAX_COMPARE_FILES
                        + " files of a comparison";
                case FILES_CUT -> "GitHub listed the pull request's files only in part";
                case UNAVAILABLE -> "GitHub could not compare that commit with the base branch";
            };
            return "and ai-gate cannot tell whether the changes are the same since: " + why + "; the approval is dropped";
        }
        List<String> parts = new ArrayList<>();
        if (!d.changed().isEmpty()) {
            parts.add("changed " + few(d.changed()));
        }
        if (!d.added().isEmpty()) {
            parts.add("now also changes " + few(d.added()));
        }
        if (!d.removed().isEmpty()) {
            parts.add("no longer changes " + few(d.removed()));
        }
        return "and the pull request's own changes differ since: " + String.join("; ", parts);
    }

    private static String few(List<String> files) {
        List<String> shown = files.stream().limit(3).toList();
        return String.join(", ", shown) + (files.size() > 3 ? " and " + (files.size() - 3) + " more" : "");
    }

    /** Why a reviewer's approval does not count under these exclusions, or null when it does. */
    static String reviewerExcluded(PullRequestFacts f, Review r, Set<Requirement.Exclude> exclude, boolean currentHeadOnly) {
        String login = r.reviewer().normalizedLogin();
        if (exclude.contains(Requirement.Exclude.AUTHOR) && login.equals(f.author())) {
            return "author of the pull request";
        }
        if (exclude.contains(Requirement.Exclude.BOTS) && r.reviewer().isBot()) {
            return "a bot account";
        }
        if (exclude.contains(Requirement.Exclude.COMMITTERS) && f.committers().containsKey(login)) {
            return "authored or committed commit " + f.committers().get(login) + " of this pull request";
        }
        if (exclude.contains(Requirement.Exclude.CO_AUTHORS) && f.coAuthors().containsKey(login)) {
            return "co-author of commit " + f.coAuthors().get(login) + " (Co-authored-by trailer)";
        }
        String initiator = Initiated.excluded(f.provenance, login, exclude.contains(Requirement.Exclude.INITIATOR));
        if (initiator != null) {
            return initiator;
        }
        if (currentHeadOnly && f.headSha() != null && !f.headSha().equals(r.commitId())) {
            return STALE + PullRequestFacts.shortSha(r.commitId()) + ", before the latest push (head is "
                    + PullRequestFacts.shortSha(f.headSha()) + ")";
        }
        return null;
    }

    static String excludeText(Set<Requirement.Exclude> exclude) {
        List<String> parts = new ArrayList<>();
        for (Requirement.Exclude e : exclude) {
            parts.add(switch (e) {
                case AUTHOR -> "author";
                case COMMITTERS -> "committers";
                case CO_AUTHORS -> "co-authors";
                case BOTS -> "bots";
                case INITIATOR -> "initiator";
            });
        }
        return String.join(", ", parts);
    }
}
