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

    /** Someone left out of a count, and why ({@code checks} words the reason). */
    public record Exclusion(String who, Why why) {

        /** Why an approval does not count. */
        public sealed interface Why {
        }

        /** {@code exclude: [author]}: the pull request's author. */
        public record Author() implements Why {
        }

        /** {@code exclude: [bots]}: a bot account. */
        public record Bot() implements Why {
        }

        /** {@code exclude: [committers]}: authored or committed {@code commit} (short) of the pull request. */
        public record Committer(String commit) implements Why {
        }

        /** {@code exclude: [co_authors]}: named by a Co-authored-by trailer of {@code commit} (short). */
        public record CoAuthor(String commit) implements Why {
        }

        /** Started the agent that opened the pull request; {@code how} and {@code location} say how that is known. */
        public record Initiator(String how, String location) implements Why {
        }

        /** {@code invalidate_on: push}: approved {@code approvedSha}, before the latest push to {@code headSha}. */
        public record BeforePush(String approvedSha, String headSha) implements Why {
        }

        /**
         * {@code invalidate_on: diff_change}: approved {@code approvedSha}, and the pull request's own changes differ at
         * {@code headSha} (or cannot be compared), as {@code diff} says.
         */
        public record ChangedSince(String approvedSha, String headSha, PatchDiff diff) implements Why {
        }

        /**
         * Not among the people the requirement names.
         *
         * @param listedUsers  the requirement names users, and this is none of them
         * @param teams        the teams it names (sorted), none of which has this reviewer
         * @param teamsUnknown some team's members could not be loaded
         * @param permission   the least permission that counts, or null
         * @param has          the reviewer's permission, or null when unknown
         */
        public record NotFrom(boolean listedUsers, List<String> teams, boolean teamsUnknown,
                              Requirement.Permission permission, Requirement.Permission has) implements Why {
            public NotFrom {
                teams = List.copyOf(teams);
            }
        }

        /** Whether the approval was dropped for being on an older head (such reviewers are asked again). */
        public boolean stale() {
            return why instanceof BeforePush || why instanceof ChangedSince;
        }
    }

    /**
     * A note on a file of the pull request (line 1 when it concerns the whole file), as data; {@code checks} words
     * it (an annotation, a row of the file list).
     */
    public record FileNote(String path, int line, Note note) {

        /** What the note says about the file. */
        public sealed interface Note {
        }

        /** {@code codeowners}: the file waits for an approval from one of its {@code owners}. */
        public record NeedsOwner(List<String> owners) implements Note {
            public NeedsOwner {
                owners = List.copyOf(owners);
            }
        }

        /** {@code tests}: a source changed without a matching test change under {@code mustChange}. */
        public record Untested(String mustChange) implements Note {
        }
    }
}
