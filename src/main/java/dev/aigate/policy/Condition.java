package dev.aigate.policy;

import dev.aigate.patterns.Glob;
import com.google.re2j.Pattern;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.SizeClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One test in a rule's {@code if}. A mapping of several conditions means all of them;
 * {@code all}, {@code any} and {@code not} compose. Each answers with a reason a person can read.
 */
public sealed interface Condition {

    /** Whether the condition holds, and why (or why not). */
    record Outcome(boolean holds, String reason) {
    }

    Outcome test(PullRequestFacts facts);

    /** Adds the teams ({@code org/slug}) this condition asks about, so the loader can fetch their members. */
    default void collectTeams(Set<String> into) {
    }

    /** {@code provenance: [agent, assisted]}. */
    record ProvenanceIs(Set<ProvenanceClass> classes) implements Condition {
        public Outcome test(PullRequestFacts f) {
            ProvenanceClass c = f.provenance.provenanceClass();
            boolean holds = classes.contains(c);
            return new Outcome(holds, "provenance is " + c.id() + (holds ? "" : ", not " + ids(classes)));
        }
    }

    /** {@code ai_commit_share: { min: 0.5 }}: the share (0..1) of commits with strong AI markers. */
    record AiCommitShare(Double min, Double max) implements Condition {
        public Outcome test(PullRequestFacts f) {
            double share = f.provenance.aiCommitShare();
            boolean holds = (min == null || share >= min) && (max == null || share <= max);
            return new Outcome(holds, String.format(Locale.ROOT, "%.0f%% of commits carry AI markers%s",
                    share * 100, holds ? "" : " (" + bounds(min == null ? null : min * 100, max == null ? null : max * 100, "%") + ")"));
        }
    }

    /** {@code size: [large]}: the PR fits one of the named size classes. */
    record SizeIs(List<SizeClass> classes) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int lines = f.lines();
            int files = f.fileCount();
            for (SizeClass c : classes) {
                if (c.fits(lines, files)) {
                    return new Outcome(true, "size " + lines + " lines in " + files + " files is " + c.name());
                }
            }
            return new Outcome(false, "size " + lines + " lines in " + files + " files is not "
                    + classes.stream().map(SizeClass::name).collect(Collectors.joining(" or ")));
        }
    }

    /** {@code changed_files: [globs]}: at least one changed file matches. */
    record ChangedFiles(GlobSet globs) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int i = f.firstMatch(globs);
            return i >= 0 ? new Outcome(true, f.paths[i] + " matches " + globs) : new Outcome(false, "no changed file matches " + globs);
        }
    }

    /** {@code only_changed_files: [globs]}: every changed file matches. */
    record OnlyChangedFiles(GlobSet globs) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int i = f.firstMiss(globs);
            if (i >= 0) {
                return new Outcome(false, f.paths[i] + " is outside " + globs);
            }
            if (f.pr.filesTruncated()) {
                return new Outcome(false, "GitHub listed only some of the changed files, so it is unknown whether all match " + globs);
            }
            return new Outcome(true, "all " + f.paths.length + " changed files match " + globs);
        }
    }

    /** {@code changed_lines: { min, max }}. */
    record ChangedLines(Integer min, Integer max) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int n = f.lines();
            boolean holds = (min == null || n >= min) && (max == null || n <= max);
            return new Outcome(holds, n + " changed lines" + (holds ? "" : " (" + bounds(min, max, "") + ")"));
        }
    }

    /** {@code changed_files_count: { min, max }}. */
    record ChangedFileCount(Integer min, Integer max) implements Condition {
        public Outcome test(PullRequestFacts f) {
            int n = f.fileCount();
            boolean holds = (min == null || n >= min) && (max == null || n <= max);
            return new Outcome(holds, n + " changed files" + (holds ? "" : " (" + bounds(min, max, "") + ")"));
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

    /** {@code all: [...]} and the implicit all of a mapping. */
    record All(List<Condition> conditions) implements Condition {
        public Outcome test(PullRequestFacts f) {
            List<String> reasons = new ArrayList<>();
            for (Condition c : conditions) {
                Outcome o = c.test(f);
                if (!o.holds()) {
                    return o;
                }
                reasons.add(o.reason());
            }
            return new Outcome(true, String.join("; ", reasons));
        }

        @Override
        public void collectTeams(Set<String> into) {
            conditions.forEach(c -> c.collectTeams(into));
        }
    }

    /** {@code any: [...]}. */
    record Any(List<Condition> conditions) implements Condition {
        public Outcome test(PullRequestFacts f) {
            List<String> reasons = new ArrayList<>();
            for (Condition c : conditions) {
                Outcome o = c.test(f);
                if (o.holds()) {
                    return o;
                }
                reasons.add(o.reason());
            }
            return new Outcome(false, "none of: " + String.join("; ", reasons));
        }

        @Override
        public void collectTeams(Set<String> into) {
            conditions.forEach(c -> c.collectTeams(into));
        }
    }

    /** {@code not: {...}}. */
    record Not(Condition condition) implements Condition {
        public Outcome test(PullRequestFacts f) {
            Outcome o = condition.test(f);
            return new Outcome(!o.holds(), o.reason());
        }

        @Override
        public void collectTeams(Set<String> into) {
            condition.collectTeams(into);
        }
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
