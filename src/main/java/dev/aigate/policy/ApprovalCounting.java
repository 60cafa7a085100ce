package dev.aigate.policy;

import dev.aigate.snapshot.Review;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The approval counting that {@code approvals} and {@code codeowners} share: which of the latest approvals
 * count, who is left out under the exclusions and {@code invalidate_on}, and why (as data).
 */
final class ApprovalCounting {

    private ApprovalCounting() {
    }

    /**
     * The latest approvals that count, in review order. Each one that does not, under the exclusions or the
     * requirement's own {@code alsoRefuse} (why not, or null), is added to {@code excluded} with the reason.
     * Under {@code diff_change}, each approval on an earlier head that is otherwise eligible is added to
     * {@code carried}: kept when the pull request's own changes are the same since, else dropped.
     */
    static List<Review> counted(PullRequestFacts f, Set<Requirement.Exclude> exclude, Requirement.Invalidation invalidateOn,
                                Function<Review, RequirementResult.Exclusion.Why> alsoRefuse,
                                List<RequirementResult.Exclusion> excluded,
                                List<RequirementResult.Carried> carried) {
        List<Review> counted = new ArrayList<>();
        for (Review r : f.latestReviews().values()) {
            if (!r.isApproval()) {
                continue;
            }
            RequirementResult.Exclusion.Why why = reviewerExcluded(f, r, exclude, invalidateOn == Requirement.Invalidation.PUSH);
            if (why == null) {
                why = alsoRefuse.apply(r);
            }
            if (why == null && invalidateOn == Requirement.Invalidation.DIFF_CHANGE && f.headSha() != null
                    && !f.headSha().equals(r.commitId())) {
                PatchDiff diff = PatchDiff.compare(f.pr.patchesAt(r.commitId()).orElse(null),
                        f.pr.patchesAt(f.headSha()).orElse(null));
                carried.add(new RequirementResult.Carried(r.reviewer().login(), r.commitId(), f.headSha(), diff));
                if (!diff.same()) {
                    why = new RequirementResult.Exclusion.ChangedSince(r.commitId(), f.headSha(), diff);
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

    /** Why a reviewer's approval does not count under these exclusions, or null when it does. */
    static RequirementResult.Exclusion.Why reviewerExcluded(PullRequestFacts f, Review r, Set<Requirement.Exclude> exclude,
                                                           boolean currentHeadOnly) {
        String login = r.reviewer().normalizedLogin();
        if (exclude.contains(Requirement.Exclude.AUTHOR) && login.equals(f.author())) {
            return new RequirementResult.Exclusion.Author();
        }
        if (exclude.contains(Requirement.Exclude.BOTS) && r.reviewer().isBot()) {
            return new RequirementResult.Exclusion.Bot();
        }
        if (exclude.contains(Requirement.Exclude.COMMITTERS) && f.committers().containsKey(login)) {
            return new RequirementResult.Exclusion.Committer(f.committers().get(login));
        }
        if (exclude.contains(Requirement.Exclude.CO_AUTHORS) && f.coAuthors().containsKey(login)) {
            return new RequirementResult.Exclusion.CoAuthor(f.coAuthors().get(login));
        }
        RequirementResult.Exclusion.Why initiator = Initiated.excluded(f.provenance, login, exclude.contains(Requirement.Exclude.INITIATOR));
        if (initiator != null) {
            return initiator;
        }
        if (currentHeadOnly && f.headSha() != null && !f.headSha().equals(r.commitId())) {
            return new RequirementResult.Exclusion.BeforePush(r.commitId(), f.headSha());
        }
        return null;
    }
}
