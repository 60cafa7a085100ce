package dev.aigate.checks;

import dev.aigate.policy.Cuts;
import dev.aigate.policy.Requirement;
import dev.aigate.policy.RequirementFacts;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * The sentences of a requirement's result, rendered from its {@link RequirementFacts}: what was found
 * ({@link #detail}) and what to do next ({@link #howToSatisfy}). The check run, its annotations and the decision
 * log's stored result all word a requirement through here.
 */
public final class RequirementText {

    private RequirementText() {
    }

    /** What was found, in one sentence; with cut listings, what GitHub listed of them in parentheses. */
    public static String detail(RequirementResult r) {
        String found = found(r.facts());
        if (r.cuts().isEmpty()) {
            return found;
        }
        return (found.isBlank() ? "" : found + " ") + "(" + Cuts.facts(r.cuts()) + ")";
    }

    /**
     * What to do next; empty when nothing is needed. With cut listings, what the cuts call for follows (alone when
     * the part listed satisfied it).
     */
    public static String howToSatisfy(RequirementResult r) {
        String how = r.facts().status().met() ? "" : next(r.facts());
        if (r.cuts().isEmpty()) {
            return how;
        }
        return (how.isBlank() ? "" : how + " ") + Cuts.advice(r.cuts());
    }

    private static String found(RequirementFacts facts) {
        if (facts instanceof RequirementFacts.Approvals a) {
            return a.counted().size() + " of " + a.required() + " required approval"
                    + (a.required() == 1 ? "" : "s") + (a.counted().isEmpty() ? "" : " (" + String.join(", ", a.counted()) + ")");
        }
        if (facts instanceof RequirementFacts.Codeowners c) {
            return !c.hasFile() ? "the base branch has no CODEOWNERS file"
                    : c.ownedFiles() + " changed file" + (c.ownedFiles() == 1 ? " has" : "s have") + " code owners; "
                    + c.waiting() + " still need" + (c.waiting() == 1 ? "s" : "") + " an owner's approval"
                    + (c.problems().isEmpty() ? "" : " (" + String.join("; ", c.problems()) + ")");
        }
        if (facts instanceof RequirementFacts.Tests t) {
            return tests(t);
        }
        if (facts instanceof RequirementFacts.Checks c) {
            return checks(c);
        }
        if (facts instanceof RequirementFacts.Labels l) {
            return labels(l);
        }
        if (facts instanceof RequirementFacts.Disclosure d) {
            return d.found() ? "the description discloses AI use"
                    : "the description has no AI-disclosure section or ticked checkbox";
        }
        if (facts instanceof RequirementFacts.MaxSize m) {
            return plain(m.lines(), "changed line", "changed lines") + " in "
                    + plain(m.files(), "file", "files") + " (limit: "
                    + (m.maxLines() == null ? "" : plain(m.maxLines(), "line", "lines"))
                    + (m.maxLines() != null && m.maxFiles() != null ? ", " : "")
                    + (m.maxFiles() == null ? "" : plain(m.maxFiles(), "file", "files")) + ")";
        }
        throw new IllegalArgumentException("unknown requirement facts: " + facts);
    }

    private static String next(RequirementFacts facts) {
        if (facts instanceof RequirementFacts.Approvals a) {
            return approvals(a);
        }
        if (facts instanceof RequirementFacts.Codeowners c) {
            return !c.hasFile()
                    ? "Add a CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS) to the base branch, "
                    + "or remove the codeowners requirement."
                    : "Needs approval from a code owner of each listed file: " + String.join(", ", owners(c.unapprovedOwners())) + ".";
        }
        if (facts instanceof RequirementFacts.Tests t) {
            return t.tests() == 0
                    ? "Add or update tests under " + t.mustChange() + " in this pull request."
                    : "Add a test for each listed file (a test file whose name contains the source file's name).";
        }
        if (facts instanceof RequirementFacts.Checks c) {
            return !c.failed().isEmpty()
                    ? "Fix what made " + String.join(", ", states(c.failed())) + " fail and push, or re-run it."
                    : !c.absent().isEmpty()
                    ? "Wait for " + String.join(", ", c.absent()) + " to report on the head commit; if it never runs for this "
                    + "pull request, check its workflow triggers."
                    : "Wait for the running checks to finish.";
        }
        if (facts instanceof RequirementFacts.Labels l) {
            return labelsNext(l);
        }
        if (facts instanceof RequirementFacts.Disclosure d) {
            return d.defaults()
                    ? "Add an '## AI disclosure' section to the description saying which tools were used and how, "
                    + "or tick a checkbox such as '- [x] AI tools were used for this change'."
                    : "Edit the description so that it matches "
                    + String.join(", ", d.patterns().stream().map(p -> "/" + p + "/").toList()) + ".";
        }
        if (facts instanceof RequirementFacts.MaxSize m) {
            return "Split the change into smaller pull requests that each stay within the limit.";
        }
        throw new IllegalArgumentException("unknown requirement facts: " + facts);
    }

    private static String approvals(RequirementFacts.Approvals a) {
        int missing = a.missing();
        StringBuilder how = new StringBuilder("Needs ").append(missing).append(" more approval").append(missing == 1 ? "" : "s");
        if (!a.users().isEmpty() || !a.teams().isEmpty() || a.permission() != null) {
            List<String> parts = new ArrayList<>();
            if (!a.users().isEmpty()) {
                parts.add(String.join(", ", a.users()));
            }
            if (!a.teams().isEmpty()) {
                parts.add("a member of " + String.join(" or ", a.teams().stream().map(t -> "@" + t).toList()));
            }
            if (a.permission() != null) {
                parts.add("someone with " + a.permission().id() + " permission");
            }
            how.append(" from ").append(String.join(" or ", parts));
        }
        if (!a.exclude().isEmpty()) {
            how.append(", by someone other than the ").append(String.join(", ", a.exclude().stream().map(RequirementText::excluded).toList()));
        }
        if (a.initiator() != null) {
            // The evidence is in the check run's "Started by" line; the step stays short enough for a title.
            how.append(", and not by ").append(a.initiator()).append(", who started the agent");
        }
        if (a.invalidateOn() == Requirement.Invalidation.PUSH) {
            how.append(", given on the current head ").append(shortSha(a.headSha()));
        } else if (a.invalidateOn() == Requirement.Invalidation.DIFF_CHANGE) {
            how.append(", given on the current head ").append(shortSha(a.headSha()))
                    .append(" or on an earlier head with the same changes");
        }
        return how.append('.').toString();
    }

    private static String excluded(Requirement.Exclude e) {
        return switch (e) {
            case AUTHOR -> "author";
            case COMMITTERS -> "committers";
            case CO_AUTHORS -> "co-authors";
            case BOTS -> "bots";
            case INITIATOR -> "initiator";
        };
    }

    private static List<String> owners(List<String> owners) {
        return owners.stream().map(x -> x.contains("@") ? x : "@" + x).toList();
    }

    private static String tests(RequirementFacts.Tests t) {
        if (t.status() == Status.SKIPPED) {
            return "no changed file matches " + t.whenChanged();
        }
        if (t.tests() == 0) {
            return t.sources() + " file" + (t.sources() == 1 ? "" : "s") + " matching " + t.whenChanged()
                    + " changed, but no file matching " + t.mustChange();
        }
        return t.tests() + " test file" + (t.tests() == 1 ? "" : "s") + " changed for " + t.sources()
                + " source file" + (t.sources() == 1 ? "" : "s")
                + (t.untested() == 0 ? "" : "; " + t.untested() + " without a test of the same name");
    }

    private static String checks(RequirementFacts.Checks c) {
        List<String> parts = new ArrayList<>();
        if (!c.passed().isEmpty()) {
            parts.add("succeeded: " + String.join(", ", c.passed()));
        }
        if (!c.failed().isEmpty()) {
            parts.add("did not succeed: " + String.join(", ", states(c.failed())));
        }
        if (!c.running().isEmpty()) {
            parts.add("still running: " + String.join(", ", states(c.running())));
        }
        if (!c.absent().isEmpty()) {
            parts.add("not reported: " + String.join(", ", c.absent()));
        }
        return String.join("; ", parts) + " on " + shortSha(c.headSha());
    }

    private static List<String> states(List<RequirementFacts.Checks.Check> checks) {
        return checks.stream().map(c -> c.name() + " (" + c.state() + ")").toList();
    }

    private static String labels(RequirementFacts.Labels l) {
        if (l.status().met()) {
            List<String> found = new ArrayList<>();
            if (!l.present().isEmpty()) {
                found.add("has " + String.join(", ", l.present()));
            }
            if (!l.absent().isEmpty()) {
                found.add("has none of " + String.join(", ", l.absent()));
            }
            return String.join("; ", found);
        }
        List<String> detail = new ArrayList<>();
        if (!l.missing().isEmpty()) {
            detail.add("missing " + labelWord(l.missing()));
        }
        if (!l.unwanted().isEmpty()) {
            detail.add("has " + labelWord(l.unwanted()) + ", which must not be on it");
        }
        return String.join("; ", detail);
    }

    private static String labelsNext(RequirementFacts.Labels l) {
        List<String> how = new ArrayList<>();
        if (!l.missing().isEmpty()) {
            how.add("add the " + labelWord(l.missing()));
        }
        if (!l.unwanted().isEmpty()) {
            how.add("remove the " + labelWord(l.unwanted()));
        }
        String instruction = String.join(" and ", how);
        return Character.toUpperCase(instruction.charAt(0)) + instruction.substring(1)
                + (l.unwanted().isEmpty() ? " to the pull request." : l.missing().isEmpty() ? " from the pull request."
                : " on the pull request.");
    }

    /** "label reviewed", "labels a, b". */
    private static String labelWord(List<String> labels) {
        return "label" + (labels.size() == 1 ? " " : "s ") + String.join(", ", labels);
    }

    /** "1 file", "2 files", as the evaluator always counted: no thousands separator. */
    private static String plain(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }
}
