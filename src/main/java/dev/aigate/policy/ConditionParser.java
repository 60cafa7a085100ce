package dev.aigate.policy;

import com.google.re2j.Pattern;
import dev.aigate.patterns.Glob;
import dev.aigate.patterns.GlobSyntaxException;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.SizeClass;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.aigate.policy.PolicyParser.AUTHOR_KEYS;
import static dev.aigate.policy.PolicyParser.CONDITION_KEYS;
import static dev.aigate.policy.PolicyParser.MAX_DEPTH;
import static dev.aigate.policy.PolicyParser.PROVENANCE_CLASSES;
import static dev.aigate.policy.PolicyParser.RANGE_KEYS;
import static dev.aigate.policy.PolicyParser.REQUIREMENT_KEYS;
import static dev.aigate.policy.PolicyParser.TEXT_KEYS;

/**
 * Reads a rule's {@code if:} into a {@link Condition}: one case per key of {@link PolicyParser#CONDITION_KEYS},
 * and {@code all}/{@code any}/{@code not} nesting up to {@link PolicyParser#MAX_DEPTH}. A requirement key written
 * under {@code if} is reported as such. Values and their problems come from the file's {@link YamlValues}.
 */
final class ConditionParser {

    private final YamlValues values;
    private final List<PolicyProblem> problems;

    ConditionParser(YamlValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /**
     * The conditions of {@code if} (or of one item of {@code all}/{@code any}, or of {@code not}) at nesting
     * {@code depth}; several keys are all required. Null when nothing valid was read (the problems are reported).
     */
    Condition conditions(Node node, Map<String, SizeClass> sizes, int depth, String where) {
        if (depth > MAX_DEPTH) {
            problems.add(values.at(node, "conditions are nested deeper than " + MAX_DEPTH + " levels"));
            return null;
        }
        if (node instanceof SequenceNode) {
            problems.add(values.at(node, "'" + where + "' takes a mapping of conditions; to combine a list, write 'all: [...]' or 'any: [...]'"));
            return null;
        }
        Map<String, NodeTuple> map = values.mapping(node, "'" + where + "'", CONDITION_KEYS, REQUIREMENT_KEYS, "a requirement; put it under 'require'");
        if (node instanceof MappingNode && map.isEmpty() && ((MappingNode) node).getValue().isEmpty()) {
            problems.add(values.at(node, "'" + where + "' is empty; leave it out for a rule that always applies"));
            return null;
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            Condition c = condition(e.getKey(), e.getValue().getValueNode(), sizes, depth);
            if (c != null) {
                out.add(c);
            }
        }
        return out.size() == 1 ? out.get(0) : new Condition.All(out);
    }

    private Condition condition(String key, Node v, Map<String, SizeClass> sizes, int depth) {
        switch (key) {
            case "provenance" -> {
                Set<ProvenanceClass> classes = EnumSet.noneOf(ProvenanceClass.class);
                for (Node item : values.items(v, key)) {
                    String id = values.string(item, key);
                    if (id != null) {
                        ProvenanceClass.fromId(id).ifPresentOrElse(classes::add, () -> problems.add(values.at(item,
                                "unknown provenance class '" + id + "'; use " + String.join(", ", PROVENANCE_CLASSES)
                                        + Suggestions.hint(id, PROVENANCE_CLASSES))));
                    }
                }
                return values.nonEmpty(v, key, classes) ? new Condition.ProvenanceIs(classes) : null;
            }
            case "ai_commit_share" -> {
                Map<String, NodeTuple> r = values.mapping(v, key, RANGE_KEYS);
                Double min = r.containsKey("min") ? values.fraction(r.get("min").getValueNode(), key + ".min") : null;
                Double max = r.containsKey("max") ? values.fraction(r.get("max").getValueNode(), key + ".max") : null;
                return values.rangeOk(v, key, min, max) ? new Condition.AiCommitShare(min, max) : null;
            }
            case "size" -> {
                List<SizeClass> classes = new ArrayList<>();
                for (Node item : values.items(v, key)) {
                    String name = values.string(item, key);
                    if (name == null) {
                        continue;
                    }
                    SizeClass c = sizes.get(name);
                    if (c == null) {
                        problems.add(values.at(item, "unknown size class '" + name + "'; define it under the top-level 'size:'"
                                + (sizes.isEmpty() ? "" : " (defined: " + String.join(", ", sizes.keySet()) + ")")
                                + Suggestions.hint(name, sizes.keySet())));
                    } else {
                        classes.add(c);
                    }
                }
                return values.nonEmpty(v, key, classes) ? new Condition.SizeIs(classes) : null;
            }
            case "changed_files" -> {
                GlobSet g = values.globs(v, key);
                return g == null ? null : new Condition.ChangedFiles(g);
            }
            case "only_changed_files" -> {
                GlobSet g = values.globs(v, key);
                return g == null ? null : new Condition.OnlyChangedFiles(g);
            }
            case "changed_lines", "changed_files_count" -> {
                Map<String, NodeTuple> r = values.mapping(v, key, RANGE_KEYS);
                Integer min = values.optInt(r, "min");
                Integer max = values.optInt(r, "max");
                if (!values.rangeOk(v, key, min, max)) {
                    return null;
                }
                return key.equals("changed_lines") ? new Condition.ChangedLines(min, max) : new Condition.ChangedFileCount(min, max);
            }
            case "author" -> {
                Map<String, NodeTuple> a = values.mapping(v, key, AUTHOR_KEYS);
                Set<String> users = a.containsKey("users") ? values.logins(a.get("users").getValueNode(), "author.users") : Set.of();
                Set<String> teams = a.containsKey("teams") ? values.teams(a.get("teams").getValueNode(), "author.teams") : Set.of();
                if (users.isEmpty() && teams.isEmpty()) {
                    problems.add(values.at(v, "'author' needs 'users' or 'teams'"));
                    return null;
                }
                return new Condition.AuthorIn(users, teams);
            }
            case "has_labels" -> {
                List<String> labels = values.strings(v, key);
                return values.nonEmpty(v, key, labels) ? new Condition.HasLabels(labels) : null;
            }
            case "targets_branch", "from_branch" -> {
                List<Glob> names = new ArrayList<>();
                for (Node item : values.items(v, key)) {
                    String s = values.string(item, key);
                    if (s != null) {
                        try {
                            names.add(Glob.name(s));
                        } catch (GlobSyntaxException e) {
                            problems.add(values.at(item, e.offset(), "bad branch pattern: " + e.getMessage()));
                        }
                    }
                }
                return values.nonEmpty(v, key, names) ? new Condition.Branch(key.equals("targets_branch"), names) : null;
            }
            case "title", "body" -> {
                List<Pattern> matches;
                List<Pattern> notMatches = List.of();
                if (v instanceof ScalarNode) {
                    matches = values.regexes(v, key);
                } else {
                    Map<String, NodeTuple> t = values.mapping(v, key, TEXT_KEYS);
                    matches = t.containsKey("matches") ? values.regexes(t.get("matches").getValueNode(), key + ".matches") : List.of();
                    notMatches = t.containsKey("not_matches") ? values.regexes(t.get("not_matches").getValueNode(), key + ".not_matches") : List.of();
                    if (t.isEmpty() && v instanceof MappingNode) {
                        problems.add(values.at(v, "'" + key + "' needs 'matches' or 'not_matches'"));
                        return null;
                    }
                }
                return new Condition.TextMatches(key, matches, notMatches);
            }
            case "draft" -> {
                Boolean b = values.bool(v, key);
                return b == null ? null : new Condition.Draft(b);
            }
            case "undisclosed_ai" -> {
                Boolean b = values.bool(v, key);
                return b == null ? null : new Condition.UndisclosedAi(b);
            }
            case "all", "any" -> {
                List<Node> list = values.sequence(v, key);
                if (list == null) {
                    return null;
                }
                if (list.isEmpty()) {
                    problems.add(values.at(v, "'" + key + "' needs at least one condition"));
                    return null;
                }
                List<Condition> parts = new ArrayList<>();
                for (Node item : list) {
                    Condition c = conditions(item, sizes, depth + 1, key);
                    if (c != null) {
                        parts.add(c);
                    }
                }
                return key.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
            }
            case "not" -> {
                Condition c = conditions(v, sizes, depth + 1, "not");
                return c == null ? null : new Condition.Not(c);
            }
            default -> throw new IllegalStateException(key);
        }
    }
}
