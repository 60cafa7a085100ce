package dev.aigate.policy;

import com.google.re2j.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.aigate.policy.PolicyParser.APPROVAL_KEYS;
import static dev.aigate.policy.PolicyParser.CHECK_KEYS;
import static dev.aigate.policy.PolicyParser.CODEOWNERS_KEYS;
import static dev.aigate.policy.PolicyParser.CONDITION_KEYS;
import static dev.aigate.policy.PolicyParser.DISCLOSURE_KEYS;
import static dev.aigate.policy.PolicyParser.EXCLUDES;
import static dev.aigate.policy.PolicyParser.FROM_KEYS;
import static dev.aigate.policy.PolicyParser.INVALIDATIONS;
import static dev.aigate.policy.PolicyParser.LABELS_KEYS;
import static dev.aigate.policy.PolicyParser.MAX_SIZE_KEYS;
import static dev.aigate.policy.PolicyParser.PERMISSIONS;
import static dev.aigate.policy.PolicyParser.REQUIREMENT_KEYS;
import static dev.aigate.policy.PolicyParser.TESTS_KEYS;

/**
 * Reads a rule's {@code require:} block into {@link Requirement}s: one method per key of
 * {@link PolicyParser#REQUIREMENT_KEYS}, each building its requirement from checked values, so a new requirement
 * or a change to one is made here alone. A condition key written under {@code require} is reported as such.
 * Values and their problems come from the file's {@link YamlValues}.
 */
final class RequirementParser {

    private final YamlValues values;
    private final List<PolicyProblem> problems;

    RequirementParser(YamlValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** Reads a rule's {@code require:} block into {@code out}, in the order written; invalid entries are reported and left out. */
    void requirements(Node node, List<Requirement> out) {
        Map<String, NodeTuple> map = values.mapping(node, "'require'", REQUIREMENT_KEYS, CONDITION_KEYS, "a condition; put it under 'if'");
        if (node instanceof MappingNode m && m.getValue().isEmpty()) {
            problems.add(values.at(node, "'require' is empty; a rule must require something"));
        }
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            Node v = e.getValue().getValueNode();
            int line = YamlValues.line(e.getValue().getKeyNode());
            Requirement r = switch (e.getKey()) {
                case "approvals" -> approvals(v, line);
                case "codeowners" -> codeowners(v, line);
                case "tests" -> tests(v, line);
                case "checks" -> checks(v, line);
                case "labels" -> labels(v, line);
                case "disclosure" -> disclosure(v, line);
                case "max_size" -> {
                    Map<String, NodeTuple> m = values.mapping(v, "max_size", MAX_SIZE_KEYS);
                    Integer lines = values.optInt(m, "lines");
                    Integer files = values.optInt(m, "files");
                    if (lines == null && files == null) {
                        if (v instanceof MappingNode) {
                            problems.add(values.at(v, "'max_size' needs 'lines' or 'files'"));
                        }
                        yield null;
                    }
                    yield new Requirement.MaxSize(line, lines, files);
                }
                default -> throw new IllegalStateException(e.getKey());
            };
            if (r != null) {
                out.add(r);
            }
        }
    }

    /** {@code labels: [a, b]} (labels that must be on the pull request), or {@code { present: [...], absent: [...] }}. */
    private Requirement labels(Node v, int line) {
        if (!(v instanceof MappingNode)) {
            List<String> labels = values.strings(v, "labels");
            return values.nonEmpty(v, "labels", labels) ? new Requirement.Labels(line, labels, List.of()) : null;
        }
        int reported = problems.size();
        Map<String, NodeTuple> m = values.mapping(v, "labels", LABELS_KEYS);
        List<String> present = m.containsKey("present") ? values.strings(m.get("present").getValueNode(), "labels.present") : List.of();
        List<String> absent = m.containsKey("absent") ? values.strings(m.get("absent").getValueNode(), "labels.absent") : List.of();
        if (present.isEmpty() && absent.isEmpty()) {
            if (problems.size() > reported) {
                return null; // an unknown key or a bad list, already reported where it is
            }
            problems.add(values.at(v, "'labels' needs 'present' (labels that must be on the pull request) or 'absent' "
                    + "(labels that must not be), each a list of label names"));
            return null;
        }
        for (String a : absent) {
            if (present.stream().anyMatch(a::equalsIgnoreCase)) {
                problems.add(values.at(m.get("absent").getValueNode(), "the label '" + a + "' is both present and absent in 'labels';"
                        + " no pull request could satisfy that"));
                return null;
            }
        }
        return new Requirement.Labels(line, present, absent);
    }

    private Requirement approvals(Node v, int line) {
        if (v instanceof ScalarNode) {
            Integer n = values.integer(v, "approvals", 1, 100);
            return n == null ? null : new Requirement.Approvals(line, n, Set.of(), Set.of(), null,
                    EnumSet.of(Requirement.Exclude.AUTHOR), Requirement.Invalidation.NEVER, false);
        }
        Map<String, NodeTuple> m = values.mapping(v, "approvals", APPROVAL_KEYS);
        Integer count = m.containsKey("count") ? values.integer(m.get("count").getValueNode(), "approvals.count", 1, 100) : Integer.valueOf(1);
        Set<String> users = Set.of();
        Set<String> teams = Set.of();
        Requirement.Permission permission = null;
        if (m.containsKey("from")) {
            Node fromNode = m.get("from").getValueNode();
            Map<String, NodeTuple> from = values.mapping(fromNode, "approvals.from", FROM_KEYS);
            users = from.containsKey("users") ? values.logins(from.get("users").getValueNode(), "from.users") : Set.of();
            teams = from.containsKey("teams") ? values.teams(from.get("teams").getValueNode(), "from.teams") : Set.of();
            if (from.containsKey("permission")) {
                Node p = from.get("permission").getValueNode();
                String s = values.string(p, "from.permission");
                if (s != null) {
                    permission = Requirement.Permission.of(s);
                    if (permission == null || permission == Requirement.Permission.NONE) {
                        problems.add(values.at(p, "unknown permission '" + s + "'; use " + String.join(", ", PERMISSIONS)
                                + Suggestions.hint(s, PERMISSIONS)));
                    }
                }
            }
            if (fromNode instanceof MappingNode && from.isEmpty()) {
                problems.add(values.at(fromNode, "'from' needs 'users', 'teams' or 'permission'; leave it out to count anyone"));
            }
        }
        Set<Requirement.Exclude> exclude = m.containsKey("exclude") ? excludes(m.get("exclude").getValueNode())
                : EnumSet.of(Requirement.Exclude.AUTHOR);
        Requirement.Invalidation head = invalidation(v, m);
        boolean request = m.containsKey("request_reviewers") && Boolean.TRUE.equals(values.bool(m.get("request_reviewers").getValueNode(), "request_reviewers"));
        return count == null ? null : new Requirement.Approvals(line, count, users, teams, permission, exclude, head, request);
    }

    private Requirement codeowners(Node v, int line) {
        if (v instanceof ScalarNode) {
            Boolean b = values.bool(v, "codeowners");
            return Boolean.TRUE.equals(b) ? new Requirement.Codeowners(line, EnumSet.of(Requirement.Exclude.AUTHOR),
                    Requirement.Invalidation.NEVER, false) : null;
        }
        Map<String, NodeTuple> m = values.mapping(v, "codeowners", CODEOWNERS_KEYS);
        Set<Requirement.Exclude> exclude = m.containsKey("exclude") ? excludes(m.get("exclude").getValueNode())
                : EnumSet.of(Requirement.Exclude.AUTHOR);
        Requirement.Invalidation head = invalidation(v, m);
        boolean request = m.containsKey("request_reviewers") && Boolean.TRUE.equals(values.bool(m.get("request_reviewers").getValueNode(), "request_reviewers"));
        return new Requirement.Codeowners(line, exclude, head, request);
    }

    /**
     * {@code invalidate_on: never | push | diff_change}; {@code current_head_only: true} is the older
     * spelling of {@code push} (and {@code false} of {@code never}). Both at once is refused.
     */
    private Requirement.Invalidation invalidation(Node where, Map<String, NodeTuple> m) {
        Requirement.Invalidation alias = null;
        if (m.containsKey("current_head_only")) {
            Boolean b = values.bool(m.get("current_head_only").getValueNode(), "current_head_only");
            alias = Boolean.TRUE.equals(b) ? Requirement.Invalidation.PUSH : Requirement.Invalidation.NEVER;
        }
        if (!m.containsKey("invalidate_on")) {
            return alias == null ? Requirement.Invalidation.NEVER : alias;
        }
        Node n = m.get("invalidate_on").getValueNode();
        if (alias != null) {
            problems.add(values.at(n, "'invalidate_on' and 'current_head_only' say the same thing; keep only 'invalidate_on'"
                    + " (current_head_only: true is invalidate_on: push)"));
        }
        String s = values.string(n, "invalidate_on");
        if (s == null) {
            return Requirement.Invalidation.NEVER;
        }
        Requirement.Invalidation i = Requirement.Invalidation.of(s);
        if (i == null) {
            problems.add(values.at(n, "unknown invalidate_on '" + s + "'; use " + String.join(", ", INVALIDATIONS)
                    + Suggestions.hint(s, INVALIDATIONS)));
            return Requirement.Invalidation.PUSH; // the strictest reading, though the problem fails the policy anyway
        }
        return i;
    }

    private Requirement tests(Node v, int line) {
        Map<String, NodeTuple> m = values.mapping(v, "tests", TESTS_KEYS);
        if (!(v instanceof MappingNode)) {
            return null;
        }
        GlobSet when = m.containsKey("when_changed") ? values.globs(m.get("when_changed").getValueNode(), "tests.when_changed") : null;
        GlobSet must = m.containsKey("must_change") ? values.globs(m.get("must_change").getValueNode(), "tests.must_change") : null;
        for (String k : List.of("when_changed", "must_change")) {
            if (!m.containsKey(k)) {
                problems.add(values.at(v, "'tests' needs '" + k + "' (a list of globs, e.g. " + (k.equals("when_changed") ? "[\"src/main/**\"]" : "[\"src/test/**\"]") + ")"));
            }
        }
        boolean perFile = m.containsKey("per_file") && Boolean.TRUE.equals(values.bool(m.get("per_file").getValueNode(), "per_file"));
        return when == null || must == null ? null : new Requirement.Tests(line, when, must, perFile);
    }

    private Requirement checks(Node v, int line) {
        List<Node> list = values.items(v, "checks");
        List<Requirement.CheckSpec> specs = new ArrayList<>();
        for (Node item : list) {
            if (item instanceof ScalarNode) {
                String name = values.string(item, "checks");
                if (name != null) {
                    if (name.equals(Requirement.Checks.OWN_CHECK)) {
                        problems.add(values.at(item, "a rule cannot wait on ai-gate's own check run"));
                    } else {
                        specs.add(new Requirement.CheckSpec(name, null));
                    }
                }
                continue;
            }
            Map<String, NodeTuple> m = values.mapping(item, "a check", CHECK_KEYS);
            if (m.size() != 1) {
                if (item instanceof MappingNode) {
                    problems.add(values.at(item, "a check is a name, or exactly one of {name: ...} or {pattern: ...}"));
                }
                continue;
            }
            if (m.containsKey("name")) {
                String name = values.string(m.get("name").getValueNode(), "checks.name");
                if (name != null) {
                    specs.add(new Requirement.CheckSpec(name, null));
                }
            } else {
                Pattern p = values.regex(m.get("pattern").getValueNode(), "checks.pattern");
                if (p != null) {
                    specs.add(new Requirement.CheckSpec(null, p));
                }
            }
        }
        return values.nonEmpty(v, "checks", specs) ? new Requirement.Checks(line, specs) : null;
    }

    private Requirement disclosure(Node v, int line) {
        if (v instanceof ScalarNode) {
            Boolean b = values.bool(v, "disclosure");
            return Boolean.TRUE.equals(b)
                    ? new Requirement.Disclosure(line, List.of(Requirement.Disclosure.SECTION, Requirement.Disclosure.CHECKBOX), true)
                    : null;
        }
        Map<String, NodeTuple> m = values.mapping(v, "disclosure", DISCLOSURE_KEYS);
        if (!m.containsKey("matches")) {
            if (v instanceof MappingNode) {
                problems.add(values.at(v, "'disclosure' is true, or { matches: [regex, ...] }"));
            }
            return null;
        }
        List<Pattern> patterns = values.regexes(m.get("matches").getValueNode(), "disclosure.matches");
        return values.nonEmpty(v, "disclosure.matches", patterns) ? new Requirement.Disclosure(line, patterns, false) : null;
    }

    private Set<Requirement.Exclude> excludes(Node v) {
        Set<Requirement.Exclude> out = EnumSet.noneOf(Requirement.Exclude.class);
        for (Node item : values.items(v, "exclude")) {
            String s = values.string(item, "exclude");
            if (s == null) {
                continue;
            }
            Requirement.Exclude found = null;
            for (Requirement.Exclude e : Requirement.Exclude.values()) {
                if (e.id().equals(s)) {
                    found = e;
                }
            }
            if (found == null) {
                problems.add(values.at(item, "unknown exclusion '" + s + "'; use " + String.join(", ", EXCLUDES) + Suggestions.hint(s, EXCLUDES)));
            } else {
                out.add(found);
            }
        }
        return out;
    }
}
