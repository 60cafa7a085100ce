package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.SizeClass;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Reads {@code ai-gate.yml} strictly. It works on SnakeYAML's node tree (safe composition: no
 * object is ever constructed from the document) and reports every problem it finds, each with
 * the file, line and column and, where it can, the fix:
 *
 * <ul>
 *   <li>unknown keys, with a "did you mean" suggestion;</li>
 *   <li>wrong types, bad globs and bad regular expressions (RE2J: linear-time matching);</li>
 *   <li>any explicit type tag ({@code !!str}, {@code !foo}): tags are never allowed;</li>
 *   <li>too large a file, too deep nesting, too many aliases, too long an {@code extends} chain or a cycle.</li>
 * </ul>
 *
 * <p>This class reads the document: its limits, the top-level blocks, {@code extends} and the rules. A rule's
 * {@code if:} is read by {@link ConditionParser}, its {@code require:} by {@link RequirementParser}, and every
 * value through {@link YamlValues}, which checks its type and locates its problems. The key tables below are
 * the language's one definition (policies/schema.json is cross-checked against them, key by key).
 */
public final class PolicyParser {

    /** Largest policy file accepted, in characters. */
    public static final int MAX_CHARS = 256 * 1024;
    /** Deepest nesting of YAML collections, and of {@code all}/{@code any}/{@code not}. */
    public static final int MAX_DEPTH = 32;
    /** Most aliases ({@code *name}) in one file. */
    public static final int MAX_ALIASES = 20;
    /** Longest {@code extends} chain. */
    public static final int MAX_EXTENDS_DEPTH = 5;
    /** Longest glob or regular expression. */
    public static final int MAX_PATTERN_CHARS = 1000;

    static final List<String> TOP_KEYS = List.of("version", "extends", "provenance", "size", "labels_sync", "mode", "rules");
    static final List<String> PROVENANCE_KEYS = List.of("agents", "emails", "trailers", "declared_label",
            "branch_prefixes", "disable_signals", "override_signals");
    static final List<String> SIZE_KEYS = List.of("min_lines", "max_lines", "min_files", "max_files");
    static final List<String> RULE_KEYS = List.of("name", "description", "if", "require", "conclusion", "hint", "mode");
    static final List<String> CONDITION_KEYS = List.of("provenance", "ai_commit_share", "size", "changed_files",
            "only_changed_files", "changed_lines", "changed_files_count", "author", "has_labels", "targets_branch",
            "from_branch", "title", "body", "draft", "undisclosed_ai", "all", "any", "not");
    static final List<String> REQUIREMENT_KEYS = List.of("approvals", "codeowners", "tests", "checks", "labels",
            "disclosure", "max_size");
    static final List<String> INVALIDATIONS = List.of("never", "push", "diff_change");
    static final List<String> APPROVAL_KEYS = List.of("count", "from", "exclude", "current_head_only", "invalidate_on", "request_reviewers");
    static final List<String> FROM_KEYS = List.of("users", "teams", "permission");
    static final List<String> CODEOWNERS_KEYS = List.of("exclude", "current_head_only", "invalidate_on", "request_reviewers");
    static final List<String> TESTS_KEYS = List.of("when_changed", "must_change", "per_file");
    static final List<String> CHECK_KEYS = List.of("name", "pattern");
    static final List<String> DISCLOSURE_KEYS = List.of("matches");
    static final List<String> MAX_SIZE_KEYS = List.of("lines", "files");
    static final List<String> LABELS_KEYS = List.of("present", "absent");
    /** Longest {@code hint} of a rule: one instruction, not a manual. */
    static final int MAX_HINT_CHARS = 500;
    static final List<String> RANGE_KEYS = List.of("min", "max");
    static final List<String> TEXT_KEYS = List.of("matches", "not_matches");
    static final List<String> AUTHOR_KEYS = List.of("users", "teams");
    static final List<String> PROVENANCE_CLASSES = Arrays.stream(ProvenanceClass.values()).map(ProvenanceClass::id).toList();
    static final List<String> EXCLUDES = Arrays.stream(Requirement.Exclude.values()).map(Requirement.Exclude::id).toList();
    static final List<String> PERMISSIONS = List.of("read", "triage", "write", "maintain", "admin");

    private static final java.util.regex.Pattern EXTENDS = java.util.regex.Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100})(?::([^@\\s]{1,400}))?(?:@([^\\s]{1,250}))?");

    private final String file;
    private final PolicySources sources;
    private final List<PolicyProblem> problems;
    private final Deque<String> chain;
    private final Map<List<String>, GlobSet> globCache;
    private final YamlValues values;
    private final ConditionParser conditions;
    private final RequirementParser requirements;

    private PolicyParser(String file, PolicySources sources, List<PolicyProblem> problems, Deque<String> chain,
                         Map<List<String>, GlobSet> globCache) {
        this.file = file;
        this.sources = sources;
        this.problems = problems;
        this.chain = chain;
        this.globCache = globCache;
        this.values = new YamlValues(file, problems, globCache);
        this.conditions = new ConditionParser(values);
        this.requirements = new RequirementParser(values);
    }

    /** Parses a policy; an {@code extends} cannot be resolved without sources and is reported as a problem. */
    public static PolicyParseResult parse(String yaml, String file) {
        return parse(yaml, file, PolicySources.NONE);
    }

    /** Parses a policy, reading any {@code extends} target through {@code sources}. */
    public static PolicyParseResult parse(String yaml, String file, PolicySources sources) {
        List<PolicyProblem> problems = new ArrayList<>();
        Deque<String> chain = new ArrayDeque<>();
        chain.push(file);
        PolicyDraft draft = new PolicyParser(file, sources, problems, chain, new HashMap<>()).read(yaml);
        if (draft == null || !problems.isEmpty()) {
            return new PolicyParseResult(Optional.empty(), problems);
        }
        return new PolicyParseResult(Optional.of(draft.toPolicy()), problems);
    }

    // ---------------------------------------------------------------- document

    private PolicyDraft read(String yaml) {
        if (yaml == null) {
            yaml = "";
        }
        if (yaml.length() > MAX_CHARS) {
            problems.add(new PolicyProblem(file, 1, 1, "the policy is " + yaml.length() + " characters; the limit is "
                    + MAX_CHARS + ". Split it, or move shared rules into a policy it extends"));
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH * 2); // a backstop; the event pass below reports depth with a position
        options.setCodePointLimit(MAX_CHARS * 4);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            int aliases = 0;
            int depth = 0;
            int before = problems.size();
            for (Event e : new Yaml(options).parse(new StringReader(yaml))) {
                if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                    problems.add(values.at(e.getStartMark(), "the policy nests deeper than " + MAX_DEPTH + " levels; flatten it"));
                    return null;
                }
                if (e instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                    depth--;
                }
                String tag = e instanceof ScalarEvent s ? s.getTag() : e instanceof CollectionStartEvent c ? c.getTag() : null;
                if (tag != null) {
                    problems.add(values.at(e.getStartMark(), "type tags such as '" + tag + "' are not allowed in a policy; remove the tag"
                            + " (quote the value if it must stay text)"));
                }
                if (e instanceof AliasEvent && ++aliases == MAX_ALIASES + 1) {
                    problems.add(values.at(e.getStartMark(), "more than " + MAX_ALIASES + " aliases; write the values out"));
                }
            }
            if (problems.size() > before) {
                return null;
            }
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Optional<BotLogins.Bare> bare = BotLogins.blame(yaml, m == null ? 1 : m.getLine() + 1);
            if (bare.isPresent()) {
                problems.add(new PolicyProblem(file, bare.get().line(), bare.get().column(), bare.get().message()));
                return null;
            }
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            problems.add(values.at(m, "invalid YAML: " + oneLine(what)
                    + (e.getContext() != null && e.getProblem() != null ? " (" + oneLine(e.getContext()) + ")" : "")));
            return null;
        } catch (RuntimeException e) {
            problems.add(new PolicyProblem(file, 1, 1, "invalid YAML: " + oneLine(String.valueOf(e.getMessage()))));
            return null;
        }
        if (root == null) {
            problems.add(new PolicyProblem(file, 1, 1, "the policy is empty; it needs at least 'version: 1' and 'rules'"));
            return null;
        }
        if (!(root instanceof MappingNode)) {
            problems.add(values.at(root, "the policy must be a mapping with 'version: 1' and 'rules:'"));
            return null;
        }
        try {
            return document(root);
        } catch (YamlValues.TooLarge e) {
            return null;
        }
    }

    private PolicyDraft document(Node root) {
        Map<String, NodeTuple> top = values.mapping(root, "the policy", TOP_KEYS);
        PolicyDraft draft = new PolicyDraft();
        NodeTuple version = top.get("version");
        if (version == null) {
            problems.add(values.at(root, "missing 'version: 1' (the language version) at the top of the policy"));
        } else {
            Integer v = values.integer(version.getValueNode(), "version", 1, Integer.MAX_VALUE);
            if (v != null && v != 1) {
                problems.add(values.at(version.getValueNode(), "unsupported version " + v + "; this server reads 'version: 1'"));
            }
        }
        if (top.containsKey("extends")) {
            resolveExtends(top.get("extends").getValueNode(), draft);
        }
        if (top.containsKey("provenance")) {
            provenance(top.get("provenance").getValueNode(), draft);
        }
        if (top.containsKey("size")) {
            sizes(top.get("size").getValueNode(), draft);
        }
        if (top.containsKey("labels_sync")) {
            labelsSync(top.get("labels_sync").getValueNode(), draft);
        }
        if (top.containsKey("mode")) {
            draft.mode = mode(top.get("mode").getValueNode(), draft.mode);
        }
        if (top.containsKey("rules")) {
            rules(top.get("rules").getValueNode(), draft);
        } else if (draft.rules.isEmpty()) {
            problems.add(values.at(root, "missing 'rules:' (a list of rules; see docs/policy.md)"));
        }
        return draft;
    }

    // ---------------------------------------------------------------- extends

    private void resolveExtends(Node node, PolicyDraft draft) {
        String ref = values.string(node, "extends");
        if (ref == null) {
            return;
        }
        Matcher m = EXTENDS.matcher(ref.trim());
        if (!m.matches()) {
            problems.add(values.at(node, "'extends' must look like 'org/repo:path/to/policy.yml@ref' (path and @ref optional), got '" + ref + "'"));
            return;
        }
        String repo = m.group(1) + "/" + m.group(2);
        String path = m.group(3) == null ? GateEvaluator.REPOSITORY_POLICY_PATH : m.group(3);
        String gitRef = m.group(4);
        String location = repo + ":" + path + (gitRef == null ? "" : "@" + gitRef);
        String unsafe = ExtendsTarget.problem(repo, path, gitRef);
        String refused = unsafe == null ? sources.refusal(repo) : null;
        if (unsafe != null || refused != null) {
            problems.add(values.at(node, "'extends' " + (unsafe != null ? unsafe : refused) + " (see docs/policy.md, 'extends')"));
            return;
        }
        String key = location.toLowerCase(Locale.ROOT);
        if (chain.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(key))) {
            List<String> cycle = new ArrayList<>(chain);
            java.util.Collections.reverse(cycle);
            problems.add(values.at(node, "'extends' forms a cycle: " + String.join(" -> ", cycle) + " -> " + location
                    + "; remove one of the extends"));
            return;
        }
        if (chain.size() > MAX_EXTENDS_DEPTH) {
            problems.add(values.at(node, "'extends' goes deeper than " + MAX_EXTENDS_DEPTH + " policies; flatten the chain"));
            return;
        }
        Optional<String> text;
        try {
            text = sources.read(repo, path, gitRef);
        } catch (PolicySources.Unavailable e) {
            throw e; // retried by the caller, never reported as a missing file
        } catch (RuntimeException e) {
            text = Optional.empty();
        }
        if (text.isEmpty()) {
            problems.add(values.at(node, "cannot read the extended policy " + location
                    + "; check that it exists and that the app is installed on " + repo + " with contents read access"));
            return;
        }
        int before = problems.size();
        chain.push(location);
        PolicyDraft base;
        try {
            base = new PolicyParser(location, sources, problems, chain, globCache).read(text.get());
        } finally {
            chain.pop();
        }
        withhold(before);
        if (base == null || problems.size() > before) {
            problems.add(values.at(node, "the extended policy " + location + " has " + Math.max(1, problems.size() - before)
                    + " problem(s), listed with its name; fix them there"));
            return;
        }
        draft.inherit(base);
        draft.extendsChain.add(0, location);
    }

    /** Problems of an extended file keep their place and kind but none of its text (see {@link Withheld}). */
    private void withhold(int from) {
        Set<String> known = new java.util.HashSet<>(chain);
        for (int i = from; i < problems.size(); i++) {
            known.add(problems.get(i).file());
        }
        for (int i = from; i < problems.size(); i++) {
            problems.set(i, Withheld.problem(problems.get(i), known));
        }
    }

    // ---------------------------------------------------------------- top-level blocks

    private void provenance(Node node, PolicyDraft draft) {
        Map<String, NodeTuple> map = values.mapping(node, "provenance", PROVENANCE_KEYS);
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            Node v = e.getValue().getValueNode();
            switch (e.getKey()) {
                case "agents" -> draft.agents.addAll(values.strings(v, "provenance.agents"));
                case "emails" -> draft.emails.addAll(values.strings(v, "provenance.emails").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
                case "trailers" -> draft.trailers.addAll(values.strings(v, "provenance.trailers"));
                case "declared_label" -> draft.declaredLabel = values.string(v, "provenance.declared_label");
                case "branch_prefixes" -> draft.branchPrefixes.addAll(values.strings(v, "provenance.branch_prefixes"));
                case "disable_signals" -> draft.disabled.addAll(values.strings(v, "provenance.disable_signals"));
                case "override_signals" -> draft.overridden.addAll(values.strings(v, "provenance.override_signals"));
                default -> throw new IllegalStateException(e.getKey());
            }
        }
    }

    private void sizes(Node node, PolicyDraft draft) {
        for (Map.Entry<String, NodeTuple> e : values.mapping(node, "size", null).entrySet()) {
            String name = e.getKey();
            Map<String, NodeTuple> b = values.mapping(e.getValue().getValueNode(), "size." + name, SIZE_KEYS);
            Integer minLines = values.optInt(b, "min_lines");
            Integer maxLines = values.optInt(b, "max_lines");
            Integer minFiles = values.optInt(b, "min_files");
            Integer maxFiles = values.optInt(b, "max_files");
            if (b.isEmpty()) {
                problems.add(values.at(e.getValue().getValueNode(), "size class '" + name + "' sets no bound; give it min_lines, max_lines, min_files or max_files"));
            }
            if ((minLines != null && maxLines != null && minLines > maxLines) || (minFiles != null && maxFiles != null && minFiles > maxFiles)) {
                problems.add(values.at(e.getValue().getValueNode(), "size class '" + name + "' has a minimum above its maximum, so nothing fits it"));
            }
            draft.sizes.put(name, new SizeClass(name, minLines, maxLines, minFiles, maxFiles));
        }
    }

    private void labelsSync(Node node, PolicyDraft draft) {
        draft.labelsSync.clear();
        for (Map.Entry<String, NodeTuple> e : values.mapping(node, "labels_sync", PROVENANCE_CLASSES).entrySet()) {
            String label = values.string(e.getValue().getValueNode(), "labels_sync." + e.getKey());
            if (label != null) {
                draft.labelsSync.put(ProvenanceClass.fromId(e.getKey()).orElseThrow(), label);
            }
        }
    }

    private void rules(Node node, PolicyDraft draft) {
        List<Node> items = values.sequence(node, "rules");
        if (items == null) {
            return;
        }
        int inherited = draft.rules.size();
        Set<String> names = new LinkedHashSet<>();
        for (Node item : items) {
            Rule rule = rule(item, draft);
            if (rule == null) {
                continue;
            }
            if (!names.add(rule.name())) {
                problems.add(values.at(item, "two rules are named '" + rule.name() + "'; rule names must be unique"));
                continue;
            }
            int replaced = -1;
            for (int i = 0; i < inherited; i++) {
                if (draft.rules.get(i).name().equals(rule.name())) {
                    replaced = i;
                }
            }
            if (replaced >= 0) {
                draft.rules.set(replaced, rule);
            } else {
                draft.rules.add(rule);
            }
        }
    }

    private Rule rule(Node node, PolicyDraft draft) {
        Map<String, NodeTuple> map = values.mapping(node, "a rule", RULE_KEYS);
        if (!(node instanceof MappingNode)) {
            return null;
        }
        String name = map.containsKey("name") ? values.string(map.get("name").getValueNode(), "name") : null;
        if (!map.containsKey("name")) {
            problems.add(values.at(node, "a rule needs a 'name' (shown in the check run)"));
        }
        String description = map.containsKey("description") ? values.string(map.get("description").getValueNode(), "description") : null;
        String hint = map.containsKey("hint") ? hint(map.get("hint").getValueNode()) : null;
        Condition condition = null;
        if (map.containsKey("if")) {
            condition = conditions.conditions(map.get("if").getValueNode(), draft.sizes, 0, "if");
        }
        List<Requirement> reqs = new ArrayList<>();
        if (map.containsKey("require")) {
            requirements.requirements(map.get("require").getValueNode(), reqs);
        } else {
            problems.add(values.at(node, "the rule " + (name == null ? "" : "'" + name + "' ") + "needs a 'require:' block"));
        }
        Verdict onFailure = Verdict.FAILURE;
        if (map.containsKey("conclusion")) {
            Node v = map.get("conclusion").getValueNode();
            String c = values.string(v, "conclusion");
            if ("failure".equals(c)) {
                onFailure = Verdict.FAILURE;
            } else if ("action_required".equals(c)) {
                onFailure = Verdict.ACTION_REQUIRED;
            } else if (c != null) {
                problems.add(values.at(v, "'conclusion' must be failure or action_required, got '" + c + "'"
                        + Suggestions.hint(c, List.of("failure", "action_required"))));
            }
        }
        Mode mode = map.containsKey("mode") ? mode(map.get("mode").getValueNode(), null) : null;
        return name == null ? null : new Rule(name, description, YamlValues.line(node), condition, reqs, onFailure, file, hint, mode);
    }

    /** {@code mode: observe | enforce}; a bad value is reported at its position and {@code fallback} kept. */
    private Mode mode(Node v, Mode fallback) {
        String m = values.string(v, "mode");
        if ("observe".equals(m) || "enforce".equals(m)) {
            return Mode.parse(m);
        }
        if (m != null) {
            problems.add(values.at(v, "'mode' must be observe or enforce, got '" + m + "'"
                    + Suggestions.hint(m, List.of("observe", "enforce"))));
        }
        return fallback;
    }

    /** A rule's own instruction for when it is unmet, shown as its next step. */
    private String hint(Node v) {
        String h = values.string(v, "hint");
        if (h == null) {
            return null;
        }
        if (h.isBlank()) {
            problems.add(values.at(v, "'hint' is empty; say what to do when the rule is unmet, or leave it out"));
            return null;
        }
        if (h.length() > MAX_HINT_CHARS) {
            problems.add(values.at(v, "'hint' is " + h.length() + " characters; keep it to " + MAX_HINT_CHARS
                    + " (one instruction), and put the rest in 'description'"));
            return null;
        }
        return h.strip();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}