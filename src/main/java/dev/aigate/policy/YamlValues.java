package dev.aigate.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.aigate.patterns.Glob;
import dev.aigate.patterns.GlobSyntaxException;
import dev.aigate.patterns.RegexBounds;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed values read from one policy file's node tree, each problem located at its file, line and column: a
 * mapping with only known keys, a list (or one text value standing for a list), text, whole numbers, shares,
 * booleans, logins, teams, globs and regular expressions. A value of the wrong kind is reported and read as
 * null (or empty), so the parsers above go on and report every problem of the file in one pass.
 *
 * <p>One instance per file: it counts the values it reads and stops the walk ({@link TooLarge}) past
 * {@value #MAX_NODES}, the backstop against aliases multiplying a small file. Compiled glob sets are shared along
 * an {@code extends} chain.
 */
final class YamlValues {

    private static final int MAX_NODES = 50_000;
    private static final java.util.regex.Pattern TEAM = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");
    private static final java.util.regex.Pattern LOGIN = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}(\\[bot\\])?");

    private final String file;
    private final List<PolicyProblem> problems;
    private final Map<List<String>, GlobSet> globCache;
    private int nodes;

    YamlValues(String file, List<PolicyProblem> problems, Map<List<String>, GlobSet> globCache) {
        this.file = file;
        this.problems = problems;
        this.globCache = globCache;
    }

    /** Where this file's problems go (shared with the parsers reading it, and along an {@code extends} chain). */
    List<PolicyProblem> problems() {
        return problems;
    }

    // ---------------------------------------------------------------- typed values

    Map<String, NodeTuple> mapping(Node node, String where, List<String> allowed) {
        return mapping(node, where, allowed, List.of(), null);
    }

    /**
     * The keys of a mapping, in order; reports a non-mapping, non-text keys, duplicates, and
     * keys outside {@code allowed} (null: any key) with a suggestion.
     */
    Map<String, NodeTuple> mapping(Node node, String where, List<String> allowed, List<String> elsewhere, String elsewhereHint) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        count(node);
        if (!(node instanceof MappingNode m)) {
            problems.add(at(node, where + " must be a mapping (key: value), not " + describe(node)));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL)) {
                problems.add(at(k, "keys in " + where + " must be plain names"));
                continue;
            }
            String key = ks.getValue();
            if (allowed != null && !allowed.contains(key)) {
                String msg = "unknown key '" + key + "' in " + where;
                if (elsewhere.contains(key)) {
                    msg += ": '" + key + "' is " + elsewhereHint;
                } else {
                    String hint = Suggestions.hint(key, allowed);
                    msg += hint.isEmpty() ? "; expected one of " + String.join(", ", allowed) : hint;
                }
                problems.add(at(k, msg));
                continue;
            }
            if (out.containsKey(key)) {
                problems.add(at(k, "duplicate key '" + key + "' in " + where + " (first on line " + line(out.get(key).getKeyNode()) + ")"));
                continue;
            }
            out.put(key, t);
        }
        return out;
    }

    List<Node> sequence(Node node, String where) {
        count(node);
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        problems.add(at(node, "'" + where + "' must be a list, not " + describe(node)));
        return null;
    }

    /** A list, or a single text value standing for a one-item list. */
    List<Node> items(Node node, String where) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return List.of(node);
        }
        List<Node> l = sequence(node, where);
        return l == null ? List.of() : l;
    }

    List<String> strings(Node node, String where) {
        List<String> out = new ArrayList<>();
        for (Node item : items(node, where)) {
            String s = string(item, where);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    Set<String> logins(Node node, String where) {
        Set<String> out = new LinkedHashSet<>();
        for (Node item : items(node, where)) {
            String s = string(item, where);
            if (s == null) {
                continue;
            }
            String login = s.startsWith("@") ? s.substring(1) : s;
            if (!LOGIN.matcher(login).matches()) {
                problems.add(at(item, "'" + s + "' is not a GitHub login" + (login.contains("/") ? "; teams go under 'teams'" : "")));
            } else {
                out.add(login.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    Set<String> teams(Node node, String where) {
        Set<String> out = new LinkedHashSet<>();
        for (Node item : items(node, where)) {
            String s = string(item, where);
            if (s == null) {
                continue;
            }
            String team = s.startsWith("@") ? s.substring(1) : s;
            if (!TEAM.matcher(team).matches()) {
                problems.add(at(item, "'" + s + "' is not a team; write it as org/team-slug, e.g. acme/backend"));
            } else {
                out.add(team.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    String string(Node node, String where) {
        count(node);
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return s.getValue();
        }
        problems.add(at(node, "'" + where + "' must be text, not " + describe(node)));
        return null;
    }

    Integer integer(Node node, String where, int min, int max) {
        count(node);
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                int v = Integer.parseInt(s.getValue().replace("_", ""));
                if (v < min || v > max) {
                    problems.add(at(node, "'" + where + "' must be " + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max) + ", got " + v));
                    return null;
                }
                return v;
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        problems.add(at(node, "'" + where + "' must be a whole number, not " + describe(node)));
        return null;
    }

    Integer optInt(Map<String, NodeTuple> map, String key) {
        return map.containsKey(key) ? integer(map.get(key).getValueNode(), key, 0, Integer.MAX_VALUE) : null;
    }

    Double fraction(Node node, String where) {
        count(node);
        if (node instanceof ScalarNode s && (s.getTag().equals(Tag.FLOAT) || s.getTag().equals(Tag.INT))) {
            try {
                double d = Double.parseDouble(s.getValue());
                if (d >= 0 && d <= 1) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(at(node, "'" + where + "' must be a number from 0 to 1 (a share: 0.5 is half the commits)"));
        return null;
    }

    Boolean bool(Node node, String where) {
        count(node);
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            String v = s.getValue().toLowerCase(Locale.ROOT);
            if (v.equals("true")) {
                return true;
            }
            if (v.equals("false")) {
                return false;
            }
            problems.add(at(node, "'" + where + "' must be true or false, not '" + s.getValue() + "'"));
            return null;
        }
        problems.add(at(node, "'" + where + "' must be true or false, not " + describe(node)));
        return null;
    }

    boolean rangeOk(Node node, String where, Number min, Number max) {
        if (!(node instanceof MappingNode)) {
            return false;
        }
        if (min == null && max == null) {
            problems.add(at(node, "'" + where + "' needs 'min' or 'max'"));
            return false;
        }
        if (min != null && max != null && min.doubleValue() > max.doubleValue()) {
            problems.add(at(node, "'" + where + "' has min above max, so it never holds"));
            return false;
        }
        return true;
    }

    boolean nonEmpty(Node node, String where, java.util.Collection<?> values) {
        if (values.isEmpty()) {
            if (node instanceof SequenceNode s && s.getValue().isEmpty()) {
                problems.add(at(node, "'" + where + "' is empty"));
            }
            return false;
        }
        return true;
    }

    GlobSet globs(Node node, String where) {
        List<Node> list = items(node, where);
        List<String> patterns = new ArrayList<>();
        List<Glob> globs = new ArrayList<>();
        List<Boolean> negated = new ArrayList<>();
        boolean ok = true;
        for (Node item : list) {
            String s = string(item, where);
            if (s == null) {
                ok = false;
                continue;
            }
            if (s.length() > PolicyParser.MAX_PATTERN_CHARS) {
                problems.add(at(item, "pattern longer than " + PolicyParser.MAX_PATTERN_CHARS + " characters"));
                ok = false;
                continue;
            }
            boolean neg = s.startsWith("!");
            try {
                globs.add(Glob.path(neg ? s.substring(1) : s));
                negated.add(neg);
                patterns.add(s);
            } catch (GlobSyntaxException e) {
                problems.add(at(item, e.offset() + (neg ? 1 : 0), "bad glob: " + e.getMessage()));
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        if (patterns.isEmpty()) {
            problems.add(at(node, "'" + where + "' needs at least one glob"));
            return null;
        }
        if (negated.stream().allMatch(b -> b)) {
            problems.add(at(node, "'" + where + "' has only negated ('!') globs, so it matches nothing; list what to include first"));
            return null;
        }
        return globCache.computeIfAbsent(List.copyOf(patterns), p -> new GlobSet(p, globs, negated));
    }

    List<Pattern> regexes(Node node, String where) {
        List<Pattern> out = new ArrayList<>();
        for (Node item : items(node, where)) {
            Pattern p = regex(item, where);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    Pattern regex(Node node, String where) {
        String s = string(node, where);
        if (s == null) {
            return null;
        }
        if (s.length() > PolicyParser.MAX_PATTERN_CHARS) {
            problems.add(at(node, "regular expression longer than " + PolicyParser.MAX_PATTERN_CHARS + " characters"));
            return null;
        }
        Optional<RegexBounds.Refusal> refused = RegexBounds.check(s);
        if (refused.isPresent()) {
            problems.add(at(node, refused.get().offset(), "'" + where + "': " + refused.get().message()));
            return null;
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            problems.add(at(node, "bad regular expression in '" + where + "': " + e.getDescription()
                    + " (RE2 syntax: no backreferences or lookaround)"));
            return null;
        }
    }

    // ---------------------------------------------------------------- positions

    private void count(Node node) {
        if (++nodes == MAX_NODES) {
            problems.add(at(node, "the policy has more than " + MAX_NODES + " values; aliases may be multiplying it"));
            throw new TooLarge();
        }
    }

    /** Stops a walk over a document that expands beyond {@link #MAX_NODES}. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.NULL)) {
                return "empty";
            }
            String v = s.getValue();
            return "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
        }
        return "nothing";
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    PolicyProblem at(Node node, String message) {
        return at(node == null ? null : node.getStartMark(), message);
    }

    /** A problem at a character inside a one-line text value (e.g. the bad part of a glob). */
    PolicyProblem at(Node node, int offset, String message) {
        Mark start = node.getStartMark();
        if (node instanceof ScalarNode s && start != null && node.getEndMark() != null
                && start.getLine() == node.getEndMark().getLine() && offset > 0) {
            int quote = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
            return new PolicyProblem(file, start.getLine() + 1,
                    start.getColumn() + 1 + quote + offset, message);
        }
        return at(start, message);
    }

    PolicyProblem at(Mark m, String message) {
        if (m == null) {
            return new PolicyProblem(file, 1, 1, message);
        }
        return new PolicyProblem(file, m.getLine() + 1, m.getColumn() + 1, message);
    }
}
