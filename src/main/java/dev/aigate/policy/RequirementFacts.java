package dev.aigate.policy;

import java.util.List;

/**
 * What a requirement found, as data: counts, names, thresholds and what is missing. The sentences a reader sees
 * ("1 of 2 required approvals", "Needs 1 more approval from …") are rendered from these in {@code checks}
 * ({@code RequirementText}), so tests compare facts and the wording lives in one place.
 */
public sealed interface RequirementFacts {

    /** The status these facts give, before cut listings are taken into account. */
    Status status();

    /**
     * {@code approvals}.
     *
     * @param required    how many approvals the policy asks for
     * @param counted     the logins whose approvals count, in review order
     * @param users       the users who count (sorted), when the policy names people
     * @param teams       the teams ({@code org/slug}, sorted) whose members count
     * @param permission  the least repository permission that counts, or null
     * @param exclude     who may not count, in the policy's order
     * @param invalidateOn which pushes make an earlier approval stale
     * @param headSha     the head commit the approvals are judged against
     * @param initiator   for an agent pull request, the login of who started the agent (whose approval never
     *                    counts); else null
     */
    record Approvals(int required, List<String> counted, List<String> users, List<String> teams,
                     Requirement.Permission permission, List<Requirement.Exclude> exclude,
                     Requirement.Invalidation invalidateOn, String headSha, String initiator) implements RequirementFacts {
        public Approvals {
            counted = List.copyOf(counted);
            users = List.copyOf(users);
            teams = List.copyOf(teams);
            exclude = List.copyOf(exclude);
        }

        public Status status() {
            return missing() == 0 ? Status.SATISFIED : Status.PENDING;
        }

        /** How many more approvals are needed; 0 when met. */
        public int missing() {
            return Math.max(0, required - counted.size());
        }
    }

    /**
     * {@code codeowners}.
     *
     * @param hasFile          whether the base branch has a CODEOWNERS file; when not, nothing else is known
     * @param ownedFiles       changed files that have code owners
     * @param waiting          of those, the files still without an owner's approval
     * @param unapprovedOwners the owners (logins, {@code org/slug} teams or e-mail addresses) of the waiting files
     * @param problems         what was wrong with the CODEOWNERS file
     */
    record Codeowners(boolean hasFile, int ownedFiles, int waiting, List<String> unapprovedOwners,
                      List<String> problems) implements RequirementFacts {
        public Codeowners {
            unapprovedOwners = List.copyOf(unapprovedOwners);
            problems = List.copyOf(problems);
        }

        public Status status() {
            return !hasFile ? Status.FAILED : waiting == 0 ? Status.SATISFIED : Status.PENDING;
        }

        static Codeowners noFile() {
            return new Codeowners(false, 0, 0, List.of(), List.of());
        }
    }

    /**
     * {@code tests}.
     *
     * @param whenChanged the source patterns, as written
     * @param mustChange  the test patterns, as written
     * @param sources     changed files matching {@code whenChanged} (and not {@code mustChange})
     * @param tests       test files changed (removed ones do not count)
     * @param untested    sources without a changed test of the same name
     * @param perFile     whether every source needs its own test
     */
    record Tests(String whenChanged, String mustChange, int sources, int tests, int untested, boolean perFile)
            implements RequirementFacts {
        public Status status() {
            if (sources == 0) {
                return Status.SKIPPED;
            }
            return tests == 0 || (perFile && untested > 0) ? Status.FAILED : Status.SATISFIED;
        }
    }

    /**
     * {@code checks}, on the head commit.
     *
     * @param passed  check runs and statuses that succeeded
     * @param failed  those that finished otherwise, with their conclusion
     * @param running those not finished, with their status
     * @param absent  the names or patterns nothing reported for
     */
    record Checks(List<String> passed, List<Check> failed, List<Check> running, List<String> absent, String headSha)
            implements RequirementFacts {
        public Checks {
            passed = List.copyOf(passed);
            failed = List.copyOf(failed);
            running = List.copyOf(running);
            absent = List.copyOf(absent);
        }

        public Status status() {
            if (!failed.isEmpty()) {
                return Status.FAILED;
            }
            return running.isEmpty() && absent.isEmpty() ? Status.SATISFIED : Status.PENDING;
        }

        /** A check run or status and its state (a conclusion when finished, else a status). */
        public record Check(String name, String state) {
        }
    }

    /**
     * {@code labels}.
     *
     * @param present  labels that must be on the pull request
     * @param absent   labels that must not be
     * @param missing  required labels it does not have
     * @param unwanted labels it has that must not be on it, as spelled on the pull request
     */
    record Labels(List<String> present, List<String> absent, List<String> missing, List<String> unwanted)
            implements RequirementFacts {
        public Labels {
            present = List.copyOf(present);
            absent = List.copyOf(absent);
            missing = List.copyOf(missing);
            unwanted = List.copyOf(unwanted);
        }

        public Status status() {
            return missing.isEmpty() && unwanted.isEmpty() ? Status.SATISFIED : Status.FAILED;
        }
    }

    /**
     * {@code disclosure}.
     *
     * @param found    whether the description matched
     * @param defaults whether the built-in patterns were used
     * @param patterns the policy's own patterns, as written, when not the defaults
     */
    record Disclosure(boolean found, boolean defaults, List<String> patterns) implements RequirementFacts {
        public Disclosure {
            patterns = List.copyOf(patterns);
        }

        public Status status() {
            return found ? Status.SATISFIED : Status.FAILED;
        }
    }

    /**
     * {@code max_size}.
     *
     * @param lines    changed lines
     * @param files    changed files
     * @param maxLines the limit on lines, or null
     * @param maxFiles the limit on files, or null
     */
    record MaxSize(int lines, int files, Integer maxLines, Integer maxFiles) implements RequirementFacts {
        public Status status() {
            return over() ? Status.FAILED : Status.SATISFIED;
        }

        public boolean over() {
            return (maxLines != null && lines > maxLines) || (maxFiles != null && files > maxFiles);
        }
    }
}
