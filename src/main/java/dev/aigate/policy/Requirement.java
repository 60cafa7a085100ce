package dev.aigate.policy;

import com.google.re2j.Pattern;
import dev.aigate.snapshot.Listing;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One thing a rule demands, as the policy wrote it. Each evaluates (in its own {@code *Evaluator} file) to a
 * {@link RequirementResult} node with a status and the facts found; {@code checks} words them.
 */
public sealed interface Requirement {

    /** How many file notes one node carries at most (check-run annotations are capped anyway). */
    int MAX_FILE_NOTES = 100;

    /** The requirement key in the policy. */
    String kind();

    /** The policy line it was written on. */
    int line();

    RequirementResult evaluate(PullRequestFacts facts);

    /**
     * The listings this requirement reads. When GitHub listed one of them only in part, the evaluator
     * never lets the requirement be satisfied or skipped ({@link RequirementResult#cutShort}).
     */
    default Set<Listing> listings() {
        return Set.of();
    }

    /** Reviews, and commits when committers or co-authors are excluded. */
    static Set<Listing> reviewListings(Set<Exclude> exclude) {
        Set<Listing> out = EnumSet.of(Listing.REVIEWS);
        if (exclude.contains(Exclude.COMMITTERS) || exclude.contains(Exclude.CO_AUTHORS)) {
            out.add(Listing.COMMITS);
        }
        return out;
    }

    /** Who may not count as an independent reviewer. */
    enum Exclude {
        AUTHOR, COMMITTERS, CO_AUTHORS, BOTS, INITIATOR;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code invalidate_on}: which pushes make an earlier approval stale. {@code never}: an approval on any
     * head counts; {@code push}: only approvals on the current head count ({@code current_head_only: true});
     * {@code diff_change}: an approval on an earlier head counts while the pull request's own changes are the
     * same as at that head (a rebase or a merge of the base branch keeps it, any change to the diff drops it).
     */
    enum Invalidation {
        NEVER, PUSH, DIFF_CHANGE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Invalidation of(String id) {
            for (Invalidation i : values()) {
                if (i.id().equals(id)) {
                    return i;
                }
            }
            return null;
        }
    }

    /** Repository permission levels, weakest first. */
    enum Permission {
        NONE, READ, TRIAGE, WRITE, MAINTAIN, ADMIN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Permission of(String id) {
            if (id == null) {
                return null;
            }
            for (Permission p : values()) {
                if (p.id().equalsIgnoreCase(id)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * {@code approvals}: enough approving reviews from eligible people.
     *
     * @param users      reviewers who count (lower case); with teams and permission, a union
     * @param teams      teams ({@code org/slug}) whose members count
     * @param permission the least repository permission that counts, or null
     */
    record Approvals(int line, int count, Set<String> users, Set<String> teams, Permission permission,
                     Set<Exclude> exclude, Invalidation invalidateOn, boolean requestReviewers) implements Requirement {

        public String kind() {
            return "approvals";
        }

        @Override
        public Set<Listing> listings() {
            return reviewListings(exclude);
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            return ApprovalsEvaluator.evaluate(this, f);
        }
    }

    /** {@code codeowners}: for every changed path that has owners, an approval from one of them. */
    record Codeowners(int line, Set<Exclude> exclude, Invalidation invalidateOn, boolean requestReviewers) implements Requirement {

        public String kind() {
            return "codeowners";
        }

        @Override
        public Set<Listing> listings() {
            Set<Listing> out = EnumSet.copyOf(reviewListings(exclude));
            out.add(Listing.FILES);
            return out;
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            return CodeownersEvaluator.evaluate(this, f);
        }
    }

    /** {@code tests}: when source files change, test files change too. */
    record Tests(int line, GlobSet whenChanged, GlobSet mustChange, boolean perFile) implements Requirement {

        public String kind() {
            return "tests";
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.FILES);
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            return TestsEvaluator.evaluate(this, f);
        }
    }

    /** One entry of {@code checks}: an exact name or a whole-name pattern. */
    record CheckSpec(String name, Pattern pattern) {
        boolean matches(String candidate) {
            return name != null ? name.equals(candidate) : pattern.matches(candidate);
        }

        boolean matches(String candidate, EvaluationBudget.Meter budget) {
            return name != null ? name.equals(candidate) : budget.matchesWhole(pattern, candidate);
        }

        String label() {
            return name != null ? name : "/" + pattern.pattern() + "/";
        }
    }

    /** {@code checks}: named check runs or commit statuses succeeded on the head commit. */
    record Checks(int line, List<CheckSpec> specs) implements Requirement {

        /** The gate's own check run never counts towards, or waits on, itself. */
        public static final String OWN_CHECK = "ai-gate";

        public String kind() {
            return "checks";
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.CHECKS);
        }

        public boolean watches(String name) {
            if (OWN_CHECK.equals(name)) {
                return false;
            }
            for (CheckSpec s : specs) {
                if (s.matches(name)) {
                    return true;
                }
            }
            return false;
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            return ChecksEvaluator.evaluate(this, f);
        }
    }

    /**
     * {@code labels}: labels that must be on the pull request ({@code present}) and labels that must not
     * be ({@code absent}), compared without regard to case.
     */
    record Labels(int line, List<String> labels, List<String> absent) implements Requirement {

        public Labels {
            labels = List.copyOf(labels);
            absent = absent == null ? List.of() : List.copyOf(absent);
        }

        public Labels(int line, List<String> labels) {
            this(line, labels, List.of());
        }

        public String kind() {
            return "labels";
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            return LabelsEvaluator.evaluate(this, f);
        }
    }

    /** {@code disclosure}: the description carries an AI-disclosure section or a ticked checkbox. */
    record Disclosure(int line, List<Pattern> patterns, boolean defaults) implements Requirement {

        /** A heading such as "## AI disclosure" or "### AI usage" followed by some text. */
        static final Pattern SECTION = Pattern.compile(
                "(?im)^[ \\t]*#{1,6}[ \\t]*(?:ai|llm|generative ai)\\b[^\\n]*\\b(?:disclosure|usage|use|assistance|involvement)\\b[^\\n]*\\n+[ \\t]*[^\\s#]");
        /** A ticked task-list checkbox that mentions AI use. */
        static final Pattern CHECKBOX = Pattern.compile(
                "(?im)^[ \\t]*[-*+][ \\t]*\\[[xX]\\][^\\n]*\\b(?:ai|llm|copilot|claude|chatgpt|gpt|codex|cursor|gemini|generated)\\b");

        public String kind() {
            return "disclosure";
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            return DisclosureEvaluator.evaluate(this, f);
        }
    }

    /** {@code max_size}: an upper bound on changed lines and files. */
    record MaxSize(int line, Integer lines, Integer files) implements Requirement {
        public String kind() {
            return "max_size";
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            return MaxSizeEvaluator.evaluate(this, f);
        }
    }
}
