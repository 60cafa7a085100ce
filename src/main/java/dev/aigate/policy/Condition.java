package dev.aigate.policy;

import dev.aigate.patterns.Glob;
import com.google.re2j.Pattern;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceClassifier;
import dev.aigate.provenance.SizeClass;
import dev.aigate.snapshot.Listing;
import dev.aigate.snapshot.ListingCut;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One test in a rule's {@code if}. A mapping of several conditions means all of them;
 * {@code all}, {@code any} and {@code not} compose. Each answers with a reason a person can read.
 *
 * <p>A condition that reads a listing GitHub cut short ({@link #listings()}) answers from the part
 * listed only when that part settles it (a matching file was seen; the seen provenance class is
 * already the strongest); otherwise it is {@link Truth#UNKNOWN}, and the rule applies (fail closed).
 */
public sealed interface Condition {

    /** Three-valued: a condition over a cut listing may be undecidable. */
    enum Truth { TRUE, FALSE, UNKNOWN }

    /**
     * Whether the condition holds, and why (or why not).
     *
     * @param cuts for {@link Truth#UNKNOWN}: the cut listings that leave it undecided
     */
    record Outcome(Truth truth, String reason, List<ListingCut> cuts) {

        public Outcome {
            cuts = List.copyOf(cuts);
        }

        public Outcome(boolean holds, String reason) {
            this(holds ? Truth.TRUE : Truth.FALSE, reason, List.of());
        }

        static Outcome unknown(String reason, List<ListingCut> cuts) {
            return new Outcome(Truth.UNKNOWN, reason, cuts);
        }

        /** True only when the condition is known to hold. */
        public boolean holds() {
            return truth == Truth.TRUE;
        }

        public boolean undecided() {
            return truth == Truth.UNKNOWN;
        }
    }

    Outcome test(PullRequestFacts facts);

    /** The listings this condition reads; when one is cut, the answer may be {@link Truth#UNKNOWN}. */
    default Set<Listing> listings() {
        return Set.of();
    }

    /** Adds the teams ({@code org/slug}) this condition asks about, so the loader can fetch their members. */
    default void collectTeams(Set<String> into) {
    }

    /** {@code provenance: [agent, assisted]}. */
    record ProvenanceIs(Set<ProvenanceClass> classes) implements Condition {
        public Outcome test(PullRequestFacts f) {
            ProvenanceClass c = f.provenance.provenanceClass();
            boolean holds = classes.contains(c);
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (!cuts.isEmpty()) {
                Set<ProvenanceClass> possible = ProvenanceClassifier.possibleClasses(c,
                        !f.pr.complete(Listing.COMMITS), !f.pr.complete(Listing.FILES));
                boolean all = classes.containsAll(possible);
                boolean none = possible.stream().noneMatch(classes::contains);
                if (!all && !none) {
                    return Outcome.unknown("provenance is " + c.id() + " from the part GitHub listed (" + Cuts.facts(cuts)
                            + "); the rest could make it " + ids(EnumSet.copyOf(possible.stream().filter(classes::contains).toList())), cuts);
                }
                holds = all;
            }
            return new Outcome(holds, "provenance is " + c.id() + (holds ? "" : ", not " + ids(classes)));
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.COMMITS, Listing.FILES);
        }
    }

    /** {@code ai_commit_share: { min: 0.5 }}: the share (0..1) of commits with strong AI markers. */
    record AiCommitShare(Double min, Double max) implements Condition {
        public Outcome test(PullRequestFacts f) {
            double share = f.provenance.aiCommitShare();
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (!cuts.isEmpty()) {
                // The share over all commits lies between "no unseen commit is marked" and "every one is".
                ListingCut cut = cuts.get(0);
                int seen = f.pr.commits().size();
                long strong = Math.round(share * seen);
                double lo = cut.statedKnown() ? (double) strong / cut.stated() : 0;
                double hi = cut.statedKnown() ? (double) (strong + cut.stated() - seen) / cut.stated() : 1;
                Truth t = within(lo, hi, min, max);
                if (t == Truth.UNKNOWN) {
                    return Outcome.unknown(String.format(Locale.ROOT, "%.0f%% of the listed commits carry AI markers (%s)",
                            share * 100, Cuts.facts(cuts)), cuts);
                }
                return new Outcome(t == Truth.TRUE, String.format(Locale.ROOT, "%.0f%% to %.0f%% of commits carry AI markers%s",
                        lo * 100, hi * 100, t == Truth.TRUE ? "" : " (" + bounds(min == null ? null : min * 100, max == null ? null : max * 100, "%") + ")"));
            }
            boolean holds = (min == null || share >= min) && (max == null || share <= max);
            return new Outcome(holds, String.format(Locale.ROOT, "%.0f%% of commits carry AI markers%s",
                    share * 100, holds ? "" : " (" + bounds(min == null ? null : min * 100, max == null ? null : max * 100, "%") + ")"));
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.COMMITS);
        }
    }

    /** {@code size: [large]}: the PR fits one of the named size classes. */
    record SizeIs(List<SizeClass> classes) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int lines = f.lines();
            int files = f.fileCount();
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (!cuts.isEmpty()) {
                // Generated files among the unseen ones are not counted: the size lies in a range.
                int loL = f.linesLow();
                int loF = f.filesLow();
                int hiF = f.filesHigh();
                boolean any = false;
                for (SizeClass c : classes) {
                    if (c.fits(loL, loF) && c.fits(lines, hiF)) {
                        return new Outcome(true, "size " + loL + " to " + lines + " lines in " + loF + " to " + hiF
                                + " files is " + c.name());
                    }
                    any |= (c.minLines() == null || lines >= c.minLines()) && (c.maxLines() == null || loL <= c.maxLines())
                            && (c.minFiles() == null || hiF >= c.minFiles()) && (c.maxFiles() == null || loF <= c.maxFiles());
                }
                if (any) {
                    return Outcome.unknown("size is " + loL + " to " + lines + " lines in " + loF + " to "
                            + (hiF == Integer.MAX_VALUE ? "more" : String.valueOf(hiF)) + " files (" + Cuts.facts(cuts) + ")", cuts);
                }
            }
            for (SizeClass c : classes) {
                if (c.fits(lines, files)) {
                    return new Outcome(true, "size " + Words.lines(lines) + " in " + Words.files(files) + " is " + c.name());
                }
            }
            return new Outcome(false, "size " + Words.lines(lines) + " in " + Words.files(files) + " is not "
                    + classes.stream().map(SizeClass::name).collect(Collectors.joining(" or ")));
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.FILES);
        }
    }

    /** {@code changed_files: [globs]}: at least one changed file matches. */
    record ChangedFiles(GlobSet globs) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int i = f.firstMatch(globs);
            if (i >= 0) {
                return new Outcome(true, f.paths[i] + " matches " + globs);
            }
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (!cuts.isEmpty()) {
                return Outcome.unknown("no listed file matches " + globs + ", but " + Cuts.facts(cuts), cuts);
            }
            return new Outcome(false, "no changed file matches " + globs);
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.FILES);
        }
    }

    /** {@code only_changed_files: [globs]}: every changed file matches. */
    record OnlyChangedFiles(GlobSet globs) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int i = f.firstMiss(globs);
            if (i >= 0) {
                return new Outcome(false, f.paths[i] + " is outside " + globs);
            }
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (!cuts.isEmpty()) {
                return Outcome.unknown("every listed file matches " + globs + ", but " + Cuts.facts(cuts), cuts);
            }
            return new Outcome(true, (f.paths.length == 1 ? "the one changed file matches "
                    : "all " + f.paths.length + " changed files match ") + globs);
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.FILES);
        }
    }

    /** {@code changed_lines: { min, max }}. */
    record ChangedLines(Integer min, Integer max) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int n = f.lines();
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (!cuts.isEmpty() && within(f.linesLow(), n, min, max) == Truth.UNKNOWN) {
                return Outcome.unknown(f.linesLow() + " to " + n + " changed lines outside generated files ("
                        + Cuts.facts(cuts) + ")", cuts);
            }
            boolean holds = (min == null || n >= min) && (max == null || n <= max);
            return new Outcome(holds, Words.count(n, "changed line", "changed lines") + (holds ? "" : " (" + bounds(min, max, "") + ")"));
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.FILES);
        }
    }

    /** {@code changed_files_count: { min, max }}. */
    record ChangedFileCount(Integer min, Integer max) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int n = f.fileCount();
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (!cuts.isEmpty() && within(f.filesLow(), f.filesHigh(), min, max) == Truth.UNKNOWN) {
                return Outcome.unknown(f.filesLow() + " to " + (f.filesHigh() == Integer.MAX_VALUE ? "more" : f.filesHigh())
                        + " changed files outside generated files (" + Cuts.facts(cuts) + ")", cuts);
            }
            boolean holds = (min == null || n >= min) && (max == null || n <= max);
            return new Outcome(holds, Words.count(n, "changed file", "changed files") + (holds ? "" : " (" + bounds(min, max, "") + ")"));
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.FILES);
        }
    }

    /** {@code author: { users: [...], teams: [org/slug] }}. */
    record AuthorIn(Set<String> users, Set<String> teams) implements Condition {
        public Outcome test(PullRequestFacts f) {
            String login = f.author();
            if (users.contains(login)) {
                return new Outcome(true, "author " + f.pr.author().login() + " is listed");
            }
            for (String t : teams) {
                if (Boolean.TRUE.equals(f.inTeam(login, t))) {
                    return new Outcome(true, "author " + f.pr.author().login() + " is a member of " + t);
                }
            }
            return new Outcome(false, "author " + f.pr.author().login() + " is not among " + describe(users, teams));
        }

        @Override
        public void collectTeams(Set<String> into) {
            into.addAll(teams);
        }
    }

    /** {@code has_labels: [..]}: every label is present (case-insensitive, as GitHub compares them). */
    record HasLabels(List<String> labels) implements Condition {
        public Outcome test(PullRequestFacts f) {
            List<String> missing = missingLabels(labels, f.pr.labels());
            return missing.isEmpty() ? new Outcome(true, "has label" + (labels.size() == 1 ? " " : "s ") + String.join(", ", labels))
                    : new Outcome(false, "lacks label" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
        }
    }

    /** {@code targets_branch: [main, "release/**"]} or {@code from_branch}. */
    record Branch(boolean target, List<Glob> names) implements Condition {
        public Outcome test(PullRequestFacts f) {
            var ref = target ? f.pr.base() : f.pr.head();
            String name = ref == null || ref.ref() == null ? "" : ref.ref();
            for (Glob g : names) {
                if (g.matches(name, f.budget)) {
                    return new Outcome(true, (target ? "targets " : "comes from ") + name);
                }
            }
            return new Outcome(false, (target ? "targets " : "comes from ") + name + ", not "
                    + names.stream().map(Glob::source).toList());
        }
    }

    /** {@code title: { matches: [...], not_matches: [...] }} or {@code body}. */
    record TextMatches(String field, List<Pattern> matches, List<Pattern> notMatches) implements Condition {
        public Outcome test(PullRequestFacts f) {
            String text = field.equals("title") ? f.pr.title() : f.pr.body();
            for (Pattern p : notMatches) {
                if (f.budget.find(p, text)) {
                    return new Outcome(false, field + " matches /" + p.pattern() + "/");
                }
            }
            if (matches.isEmpty()) {
                return new Outcome(true, field + " matches none of " + slashes(notMatches));
            }
            for (Pattern p : matches) {
                if (f.budget.find(p, text)) {
                    return new Outcome(true, field + " matches /" + p.pattern() + "/");
                }
            }
            return new Outcome(false, field + " matches none of " + slashes(matches));
        }
    }

    /** {@code draft: true|false}. */
    record Draft(boolean draft) implements Condition {
        public Outcome test(PullRequestFacts f) {
            return new Outcome(f.pr.draft() == draft, f.pr.draft() ? "is a draft" : "is not a draft");
        }
    }

    /**
     * {@code undisclosed_ai: true}: declared against detected. The commits carry a tool-written
     * marker while the description says no AI was used, or discloses nothing. Unseen commits could
     * carry one, so over a cut commit list "no" is only known when the description discloses.
     */
    record UndisclosedAi(boolean want) implements Condition {
        public Outcome test(PullRequestFacts f) {
            java.util.Optional<String> gap = f.provenance.undisclosed();
            List<ListingCut> cuts = Cuts.of(f.pr, listings());
            if (gap.isEmpty() && !cuts.isEmpty() && f.provenance.provenanceClass() != ProvenanceClass.AGENT) {
                return Outcome.unknown("the listed commits and the description agree (" + Cuts.facts(cuts)
                        + "); an unseen commit could carry a tool-written marker", cuts);
            }
            return new Outcome(gap.isPresent() == want, gap.orElse("the description and the commits agree about AI use"));
        }

        @Override
        public Set<Listing> listings() {
            return EnumSet.of(Listing.COMMITS);
        }
    }

    /** {@code all: [...]} and the implicit all of a mapping: false if any part is false, else unknown if any is. */
    record All(List<Condition> conditions) implements Condition {
        public Outcome test(PullRequestFacts f) {
            List<String> reasons = new ArrayList<>();
            Outcome unknown = null;
            for (Condition c : conditions) {
                Outcome o = c.test(f);
                if (o.truth() == Truth.FALSE) {
                    return o;
                }
                if (o.undecided()) {
                    unknown = unknown == null ? o : merge(unknown, o);
                } else {
                    reasons.add(o.reason());
                }
            }
            return unknown != null ? unknown : new Outcome(true, String.join("; ", reasons));
        }

        @Override
        public void collectTeams(Set<String> into) {
            conditions.forEach(c -> c.collectTeams(into));
        }

        @Override
        public Set<Listing> listings() {
            return union(conditions);
        }
    }

    /** {@code any: [...]}: true if any part is true, else unknown if any is. */
    record Any(List<Condition> conditions) implements Condition {
        public Outcome test(PullRequestFacts f) {
            List<String> reasons = new ArrayList<>();
            Outcome unknown = null;
            for (Condition c : conditions) {
                Outcome o = c.test(f);
                if (o.holds()) {
                    return o;
                }
                if (o.undecided()) {
                    unknown = unknown == null ? o : merge(unknown, o);
                }
                reasons.add(o.reason());
            }
            return unknown != null ? unknown : new Outcome(false, "none of: " + String.join("; ", reasons));
        }

        @Override
        public void collectTeams(Set<String> into) {
            conditions.forEach(c -> c.collectTeams(into));
        }

        @Override
        public Set<Listing> listings() {
            return union(conditions);
        }
    }

    /** {@code not: {...}}: unknown stays unknown. */
    record Not(Condition condition) implements Condition {
        public Outcome test(PullRequestFacts f) {
            Outcome o = condition.test(f);
            return o.undecided() ? o : new Outcome(!o.holds(), o.reason());
        }

        @Override
        public void collectTeams(Set<String> into) {
            condition.collectTeams(into);
        }

        @Override
        public Set<Listing> listings() {
            return condition.listings();
        }
    }

    private static Outcome merge(Outcome a, Outcome b) {
        Set<ListingCut> cuts = new LinkedHashSet<>(a.cuts());
        cuts.addAll(b.cuts());
        return Outcome.unknown(a.reason() + "; " + b.reason(), List.copyOf(cuts));
    }

    private static Set<Listing> union(List<Condition> conditions) {
        Set<Listing> out = EnumSet.noneOf(Listing.class);
        conditions.forEach(c -> out.addAll(c.listings()));
        return out;
    }

    /** Whether every value in [lo, hi] lies within the bounds (TRUE), none does (FALSE), or some do. */
    private static Truth within(double lo, double hi, Number min, Number max) {
        boolean allIn = (min == null || lo >= min.doubleValue()) && (max == null || hi <= max.doubleValue());
        if (allIn) {
            return Truth.TRUE;
        }
        boolean noneIn = (min != null && hi < min.doubleValue()) || (max != null && lo > max.doubleValue());
        return noneIn ? Truth.FALSE : Truth.UNKNOWN;
    }

    private static String ids(Set<ProvenanceClass> classes) {
        return classes.stream().map(ProvenanceClass::id).sorted().collect(Collectors.joining(" or "));
    }

    private static String bounds(Number min, Number max, String unit) {
        if (min != null && max != null) {
            return "needs " + fmt(min) + unit + " to " + fmt(max) + unit;
        }
        return min != null ? "needs at least " + fmt(min) + unit : "needs at most " + fmt(max) + unit;
    }

    private static String fmt(Number n) {
        return n instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(n);
    }

    static String slashes(List<Pattern> patterns) {
        return patterns.stream().map(p -> "/" + p.pattern() + "/").collect(Collectors.joining(", "));
    }

    static String describe(Set<String> users, Set<String> teams) {
        List<String> parts = new ArrayList<>();
        users.stream().sorted().forEach(u -> parts.add(u));
        teams.stream().sorted().forEach(t -> parts.add("@" + t));
        return parts.isEmpty() ? "anyone" : String.join(", ", parts);
    }

    static List<String> missingLabels(List<String> wanted, List<String> present) {
        List<String> missing = new ArrayList<>();
        for (String w : wanted) {
            if (present.stream().noneMatch(w::equalsIgnoreCase)) {
                missing.add(w);
            }
        }
        return missing;
    }
}
