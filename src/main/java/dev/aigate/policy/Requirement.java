package dev.aigate.policy;

import com.google.re2j.Pattern;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CheckResult;
import dev.aigate.snapshot.Listing;
import dev.aigate.snapshot.Review;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One thing a rule demands. Each evaluates to a {@link RequirementResult} node with a status,
 * what was found, and how to satisfy it.
 */
public sealed interface Requirement {

    /** How an approval on an older commit is described; such reviewers are asked again. */
    String STALE = "approved commit ";

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
            List<RequirementResult.Exclusion> excluded = new ArrayList<>();
            List<RequirementResult.Carried> carried = new ArrayList<>();
            List<String> counted = countedApprovals(f, exclude, invalidateOn,
                    r -> notFrom(f, r.reviewer().normalizedLogin()), excluded, carried).stream()
                    .map(r -> r.reviewer().login()).toList();
            String detail = counted.size() + " of " + count + " required approval" + (count == 1 ? "" : "s")
                    + (counted.isEmpty() ? "" : " (" + String.join(", ", counted) + ")");
            if (counted.size() >= count) {
                return new RequirementResult(kind(), Status.SATISFIED, detail, "", counted, excluded, List.of(), line, List.of())
                        .withCarried(carried);
            }
            int missing = count - counted.size();
            StringBuilder how = new StringBuilder("Needs ").append(missing).append(" more approval").append(missing == 1 ? "" : "s");
            if (!users.isEmpty() || !teams.isEmpty() || permission != null) {
                how.append(" from ").append(fromText());
            }
            if (!exclude.isEmpty()) {
                how.append(", by someone other than the ").append(excludeText(exclude));
            }
            how.append(Initiated.howToSatisfy(f.provenance));
            if (invalidateOn == Invalidation.PUSH) {
                how.append(", given on the current head ").append(PullRequestFacts.shortSha(f.headSha()));
            } else if (invalidateOn == Invalidation.DIFF_CHANGE) {
                how.append(", given on the current head ").append(PullRequestFacts.shortSha(f.headSha()))
                        .append(" or on an earlier head with the same changes");
            }
            how.append('.');
            List<String> request = new ArrayList<>();
            if (requestReviewers) {
                for (String u : users) {
                    if (!u.equals(f.author()) && counted.stream().noneMatch(u::equalsIgnoreCase)
                            && excluded.stream().noneMatch(x -> u.equalsIgnoreCase(x.who()) && !x.reason().startsWith(STALE))) {
                        request.add(u);
                    }
                }
                teams.forEach(t -> request.add(t));
            }
            return new RequirementResult(kind(), Status.PENDING, detail, how.toString(), counted, excluded, List.of(), line, request)
                    .withCarried(carried);
        }

        private String notFrom(PullRequestFacts f, String login) {
            if (users.isEmpty() && teams.isEmpty() && permission == null) {
                return null;
            }
            if (users.contains(login)) {
                return null;
            }
            boolean unknownTeam = false;
            for (String t : teams) {
                Boolean in = f.inTeam(login, t);
                if (Boolean.TRUE.equals(in)) {
                    return null;
                }
                unknownTeam |= in == null;
            }
            Permission has = permission == null ? null : Permission.of(f.pr.memberships().permissions().get(login));
            if (permission != null && has != null && has.compareTo(permission) >= 0) {
                return null;
            }
            StringBuilder why = new StringBuilder("not ");
            List<String> parts = new ArrayList<>();
            if (!users.isEmpty()) {
                parts.add("a listed user");
            }
            if (!teams.isEmpty()) {
                parts.add("a member of " + String.join(" or ", teams.stream().sorted().toList())
                        + (unknownTeam ? " (team members could not be loaded)" : ""));
            }
            if (permission != null) {
                parts.add("a user with " + permission.id() + " permission (has " + (has == null ? "unknown" : has.id()) + ")");
            }
            return why.append(String.join(", nor ", parts)).toString();
        }

        private String fromText() {
            List<String> parts = new ArrayList<>();
            if (!users.isEmpty()) {
                parts.add(String.join(", ", users.stream().sorted().toList()));
            }
            if (!teams.isEmpty()) {
                parts.add("a member of " + String.join(" or ", teams.stream().sorted().map(t -> "@" + t).toList()));
            }
            if (permission != null) {
                parts.add("someone with " + permission.id() + " permission");
            }
            return String.join(" or ", parts);
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
            if (f.pr.codeowners().isEmpty()) {
                return new RequirementResult(kind(), Status.FAILED, "the base branch has no CODEOWNERS file",
                        "Add a CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS) to the base branch, "
                                + "or remove the codeowners requirement.", List.of(), List.of(), List.of(), line, List.of());
            }
            CodeOwners owners = f.codeOwners();
            List<RequirementResult.Exclusion> excluded = new ArrayList<>();
            List<RequirementResult.Carried> carried = new ArrayList<>();
            List<String> approvers = countedApprovals(f, exclude, invalidateOn, r -> null, excluded, carried).stream()
                    .map(r -> r.reviewer().normalizedLogin()).toList();
            Map<List<String>, Boolean> groupOk = new LinkedHashMap<>();
            Set<String> counted = new LinkedHashSet<>();
            List<RequirementResult.FileNote> notes = new ArrayList<>();
            Set<String> unapprovedOwners = new LinkedHashSet<>();
            int unowned = 0;
            int waiting = 0;
            for (ChangedFile file : f.files) {
                List<String> o = owners.ownersOf(file.filename(), f.budget);
                if (o.isEmpty()) {
                    unowned++;
                    continue;
                }
                Boolean ok = groupOk.get(o);
                if (ok == null) {
                    ok = false;
                    for (String a : approvers) {
                        if (ownedBy(f, a, o)) {
                            counted.add(a);
                            ok = true;
                        }
                    }
                    groupOk.put(o, ok);
                }
                if (!ok) {
                    waiting++;
                    unapprovedOwners.addAll(o);
                    if (notes.size() < MAX_FILE_NOTES) {
                        notes.add(new RequirementResult.FileNote(file.filename(), 1,
                                "needs approval from a code owner: " + String.join(", ", o.stream().map(x -> x.contains("@") ? x : "@" + x).toList())));
                    }
                }
            }
            String detail = (f.files.size() - unowned) + " changed file" + (f.files.size() - unowned == 1 ? " has" : "s have")
                    + " code owners; " + waiting + " still need" + (waiting == 1 ? "s" : "") + " an owner's approval"
                    + (owners.problems().isEmpty() ? "" : " (" + String.join("; ", owners.problems()) + ")");
            if (waiting == 0) {
                return new RequirementResult(kind(), Status.SATISFIED, detail, "", List.copyOf(counted), excluded, List.of(), line, List.of())
                        .withCarried(carried);
            }
            List<String> request = new ArrayList<>();
            if (requestReviewers) {
                for (String o : unapprovedOwners) {
                    if (!o.contains("@") && !o.equals(f.author())) {
                        request.add(o);
                    }
                }
            }
            return new RequirementResult(kind(), Status.PENDING, detail,
                    "Needs approval from a code owner of each listed file: "
                            + String.join(", ", unapprovedOwners.stream().map(x -> x.contains("@") ? x : "@" + x).toList()) + ".",
                    List.copyOf(counted), excluded, notes, line, request).withCarried(carried);
        }

        private static boolean ownedBy(PullRequestFacts f, String login, List<String> owners) {
            for (String o : owners) {
                if (o.equals(login) || (o.indexOf('/') > 0 && Boolean.TRUE.equals(f.inTeam(login, o)))) {
                    return true;
                }
            }
            return false;
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
            boolean[] src = f.matches(whenChanged);
            boolean[] tst = f.matches(mustChange);
            List<String> sources = new ArrayList<>();
            List<String> tests = new ArrayList<>();
            for (int i = 0; i < src.length; i++) {
                boolean removed = "removed".equals(f.files.get(i).status());
                if (tst[i]) {
                    if (!removed) {
                        tests.add(f.paths[i]);
                    }
                } else if (src[i]) {
                    sources.add(f.paths[i]);
                }
            }
            if (sources.isEmpty()) {
                return new RequirementResult(kind(), Status.SKIPPED, "no changed file matches " + whenChanged, "",
                        List.of(), List.of(), List.of(), line, List.of());
            }
            List<RequirementResult.FileNote> notes = new ArrayList<>();
            int untested = 0;
            Set<String> testStems = testStems(tests);
            String note = "changed without a matching test change (expected under " + mustChange + ")";
            for (String s : sources) {
                if (!testStems.contains(stem(s))) {
                    untested++;
                    if (notes.size() < MAX_FILE_NOTES) {
                        notes.add(new RequirementResult.FileNote(s, 1, note));
                    }
                }
            }
            if (tests.isEmpty()) {
                return new RequirementResult(kind(), Status.FAILED,
                        sources.size() + " file" + (sources.size() == 1 ? "" : "s") + " matching " + whenChanged
                                + " changed, but no file matching " + mustChange,
                        "Add or update tests under " + mustChange + " in this pull request.", List.of(), List.of(), notes, line, List.of());
            }
            String detail = tests.size() + " test file" + (tests.size() == 1 ? "" : "s") + " changed for " + sources.size()
                    + " source file" + (sources.size() == 1 ? "" : "s")
                    + (untested == 0 ? "" : "; " + untested + " without a test of the same name");
            if (perFile && untested > 0) {
                return new RequirementResult(kind(), Status.FAILED, detail,
                        "Add a test for each listed file (a test file whose name contains the source file's name).",
                        tests, List.of(), notes, line, List.of());
            }
            return new RequirementResult(kind(), Status.SATISFIED, detail, "", tests, List.of(), notes, line, List.of());
        }

        /**
         * The names a changed test file can stand for: its base name before the first dot, lower
         * case, as is and without the usual test affixes, so that FooTest.java, FooTests.cs,
         * FooIT.java, test_foo.py, foo_test.go, foo_spec.rb and foo.test.ts all name "foo".
         * Built once per requirement, so matching is a set look-up per source file.
         */
        static Set<String> testStems(List<String> tests) {
            Set<String> stems = new java.util.HashSet<>();
            for (String t : tests) {
                String stem = stem(t);
                stems.add(stem);
                for (String prefix : TEST_PREFIXES) {
                    if (stem.startsWith(prefix) && stem.length() > prefix.length()) {
                        stems.add(stem.substring(prefix.length()));
                    }
                }
                for (String suffix : TEST_SUFFIXES) {
                    if (stem.endsWith(suffix) && stem.length() > suffix.length()) {
                        stems.add(stem.substring(0, stem.length() - suffix.length()));
                    }
                }
            }
            return stems;
        }

        private static final List<String> TEST_PREFIXES = List.of("test_", "test-", "test");
        private static final List<String> TEST_SUFFIXES = List.of("_tests", "_test", "-test", "tests", "test", "_spec", "-spec", "spec", "it");

        /** Whether one of the changed tests stands for this source file (see {@link #testStems}). */
        static boolean hasMatchingTest(String source, List<String> tests) {
            return testStems(tests).contains(stem(source));
        }

        private static String baseName(String path) {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        private static String stem(String path) {
            String b = baseName(path);
            int dot = b.indexOf('.');
            return (dot > 0 ? b.substring(0, dot) : b).toLowerCase(Locale.ROOT);
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
            List<String> passed = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            List<String> running = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            for (CheckSpec s : specs) {
                Map<String, CheckResult> latest = new LinkedHashMap<>();
                for (CheckResult c : f.pr.checks()) {
                    if (!OWN_CHECK.equals(c.name()) && c.name() != null && s.matches(c.name(), f.budget)) {
                        latest.put(c.name(), c);
                    }
                }
                if (latest.isEmpty()) {
                    absent.add(s.label());
                    continue;
                }
                for (CheckResult c : latest.values()) {
                    if (!c.finished()) {
                        running.add(c.name() + " (" + c.status() + ")");
                    } else if (c.succeeded()) {
                        passed.add(c.name());
                    } else {
                        failed.add(c.name() + " (" + c.conclusion() + ")");
                    }
                }
            }
            List<String> parts = new ArrayList<>();
            if (!passed.isEmpty()) {
                parts.add("succeeded: " + String.join(", ", passed));
            }
            if (!failed.isEmpty()) {
                parts.add("did not succeed: " + String.join(", ", failed));
            }
            if (!running.isEmpty()) {
                parts.add("still running: " + String.join(", ", running));
            }
            if (!absent.isEmpty()) {
                parts.add("not reported: " + String.join(", ", absent));
            }
            String detail = String.join("; ", parts) + " on " + PullRequestFacts.shortSha(f.headSha());
            if (!failed.isEmpty()) {
                return new RequirementResult(kind(), Status.FAILED, detail,
                        "Fix what made " + String.join(", ", failed) + " fail and push, or re-run it.",
                        passed, List.of(), List.of(), line, List.of());
            }
            if (!running.isEmpty() || !absent.isEmpty()) {
                String how = !absent.isEmpty()
                        ? "Wait for " + String.join(", ", absent) + " to report on the head commit; if it never runs for this "
                        + "pull request, check its workflow triggers."
                        : "Wait for the running checks to finish.";
                return new RequirementResult(kind(), Status.PENDING, detail, how, passed, List.of(), List.of(), line, List.of());
            }
            return new RequirementResult(kind(), Status.SATISFIED, detail, "", passed, List.of(), List.of(), line, List.of());
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
            List<String> missing = Condition.missingLabels(labels, f.pr.labels());
            List<String> unwanted = new ArrayList<>();
            for (String l : f.pr.labels()) {
                if (absent.stream().anyMatch(l::equalsIgnoreCase)) {
                    unwanted.add(l);
                }
            }
            List<String> found = new ArrayList<>();
            if (!labels.isEmpty()) {
                found.add("has " + String.join(", ", labels));
            }
            if (!absent.isEmpty()) {
                found.add("has none of " + String.join(", ", absent));
            }
            if (missing.isEmpty() && unwanted.isEmpty()) {
                return new RequirementResult(kind(), Status.SATISFIED, String.join("; ", found), "",
                        labels, List.of(), List.of(), line, List.of());
            }
            List<String> detail = new ArrayList<>();
            List<String> how = new ArrayList<>();
            if (!missing.isEmpty()) {
                detail.add("missing label" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
                how.add("add the label" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
            }
            if (!unwanted.isEmpty()) {
                detail.add("has label" + (unwanted.size() == 1 ? " " : "s ") + String.join(", ", unwanted)
                        + ", which must not be on it");
                how.add("remove the label" + (unwanted.size() == 1 ? " " : "s ") + String.join(", ", unwanted));
            }
            String instruction = String.join(" and ", how);
            return new RequirementResult(kind(), Status.FAILED, String.join("; ", detail),
                    Character.toUpperCase(instruction.charAt(0)) + instruction.substring(1)
                            + (unwanted.isEmpty() ? " to the pull request." : missing.isEmpty() ? " from the pull request."
                            : " on the pull request."),
                    List.of(), List.of(), List.of(), line, List.of());
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
            for (Pattern p : patterns) {
                if (f.budget.find(p, f.pr.body())) {
                    return new RequirementResult(kind(), Status.SATISFIED, "the description discloses AI use", "",
                            List.of(), List.of(), List.of(), line, List.of());
                }
            }
            String how = defaults
                    ? "Add an '## AI disclosure' section to the description saying which tools were used and how, "
                    + "or tick a checkbox such as '- [x] AI tools were used for this change'."
                    : "Edit the description so that it matches " + Condition.slashes(patterns) + ".";
            return new RequirementResult(kind(), Status.FAILED, "the description has no AI-disclosure section or ticked checkbox",
                    how, List.of(), List.of(), List.of(), line, List.of());
        }
    }

    /** {@code max_size}: an upper bound on changed lines and files. */
    record MaxSize(int line, Integer lines, Integer files) implements Requirement {
        public String kind() {
            return "max_size";
        }

        public RequirementResult evaluate(PullRequestFacts f) {
            int l = f.lines();
            int n = f.fileCount();
            String detail = Words.count(l, "changed line", "changed lines") + " in " + Words.files(n) + " (limit: "
                    + (lines == null ? "" : Words.lines(lines)) + (lines != null && files != null ? ", " : "")
                    + (files == null ? "" : Words.files(files)) + ")";
            boolean over = (lines != null && l > lines) || (files != null && n > files);
            if (!over) {
                return new RequirementResult(kind(), Status.SATISFIED, detail, "", List.of(), List.of(), List.of(), line, List.of());
            }
            return new RequirementResult(kind(), Status.FAILED, detail,
                    "Split the change into smaller pull requests that each stay within the limit.",
                    List.of(), List.of(), List.of(), line, List.of());
        }
    }

    /**
     * The latest approvals that count, in review order. Each one that does not, under the exclusions or the
     * requirement's own {@code alsoRefuse} (why not, or null), is added to {@code excluded} with the reason.
     * Under {@code diff_change}, each approval on an earlier head that is otherwise eligible is added to
     * {@code carried}: kept when the pull request's own changes are the same since, else dropped.
     */
    static List<Review> countedApprovals(PullRequestFacts f, Set<Exclude> exclude, Invalidation invalidateOn,
                                         Function<Review, String> alsoRefuse,
                                         List<RequirementResult.Exclusion> excluded,
                                         List<RequirementResult.Carried> carried) {
        List<Review> counted = new ArrayList<>();
        for (Review r : f.latestReviews().values()) {
            if (!r.isApproval()) {
                continue;
            }
            String why = reviewerExcluded(f, r, exclude, invalidateOn == Invalidation.PUSH);
            if (why == null) {
                why = alsoRefuse.apply(r);
            }
            if (why == null && invalidateOn == Invalidation.DIFF_CHANGE && f.headSha() != null
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
                case TOO_MANY_FILES -> "GitHub lists at most " + dev.aigate.snapshot.PatchFingerprint.MAX_COMPARE_FILES
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
    static String reviewerExcluded(PullRequestFacts f, Review r, Set<Exclude> exclude, boolean currentHeadOnly) {
        String login = r.reviewer().normalizedLogin();
        if (exclude.contains(Exclude.AUTHOR) && login.equals(f.author())) {
            return "author of the pull request";
        }
        if (exclude.contains(Exclude.BOTS) && r.reviewer().isBot()) {
            return "a bot account";
        }
        if (exclude.contains(Exclude.COMMITTERS) && f.committers().containsKey(login)) {
            return "authored or committed commit " + f.committers().get(login) + " of this pull request";
        }
        if (exclude.contains(Exclude.CO_AUTHORS) && f.coAuthors().containsKey(login)) {
            return "co-author of commit " + f.coAuthors().get(login) + " (Co-authored-by trailer)";
        }
        String initiator = Initiated.excluded(f.provenance, login, exclude.contains(Exclude.INITIATOR));
        if (initiator != null) {
            return initiator;
        }
        if (currentHeadOnly && f.headSha() != null && !f.headSha().equals(r.commitId())) {
            return STALE + PullRequestFacts.shortSha(r.commitId()) + ", before the latest push (head is "
                    + PullRequestFacts.shortSha(f.headSha()) + ")";
        }
        return null;
    }

    static String excludeText(Set<Exclude> exclude) {
        List<String> parts = new ArrayList<>();
        for (Exclude e : exclude) {
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
