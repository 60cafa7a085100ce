package dev.aigate.policy;

import dev.aigate.patterns.Glob;
import dev.aigate.patterns.GlobSyntaxException;
import dev.aigate.patterns.RegexBounds;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceSettings;
import dev.aigate.provenance.SizeClass;
import org.yaml.snakeyaml.DumperOptions;
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
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private static final int MAX_NODES = 50_000;

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
    private static final java.util.regex.Pattern TEAM = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");
    private static final java.util.regex.Pattern LOGIN = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}(\\[bot\\])?");

    private final String file;
    private final PolicySources sources;
    private final List<PolicyProblem> problems;
    private final Deque<String> chain;
    private final Map<List<String>, GlobSet> globCache;
    private int nodes;

    private PolicyParser(String file, PolicySources sources, List<PolicyProblem> problems, Deque<String> chain,
                         Map<List<String>, GlobSet> globCache) {
        this.file = file;
        this.sources = sources;
        this.problems = problems;
        this.chain = chain;
        this.globCache = globCache;
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
        Draft draft = new PolicyParser(file, sources, problems, chain, new HashMap<>()).read(yaml);
        if (draft == null || !problems.isEmpty()) {
            return new PolicyParseResult(Optional.empty(), problems);
        }
        return new PolicyParseResult(Optional.of(draft.toPolicy()), problems);
    }

    /** A policy as it is being assembled; {@code extends} starts from the base's draft. */
    private static final class Draft {
        int version = 1;
        final Set<String> agents = new LinkedHashSet<>();
        final Set<String> emails = new LinkedHashSet<>();
        final Set<String> trailers = new LinkedHashSet<>();
        final Set<String> branchPrefixes = new LinkedHashSet<>();
        final Set<String> disabled = new LinkedHashSet<>();
        final Set<String> overridden = new LinkedHashSet<>();
        String declaredLabel;
        final Map<String, SizeClass> sizes = new LinkedHashMap<>();
        final List<Rule> rules = new ArrayList<>();
        final Map<ProvenanceClass, String> labelsSync = new EnumMap<>(ProvenanceClass.class);
        final List<String> extendsChain = new ArrayList<>();
        Mode mode;

        void inherit(Draft base) {
            mode = base.mode;
            agents.addAll(base.agents);
            emails.addAll(base.emails);
            trailers.addAll(base.trailers);
            branchPrefixes.addAll(base.branchPrefixes);
            disabled.addAll(base.disabled);
            overridden.addAll(base.overridden);
            declaredLabel = base.declaredLabel;
            sizes.putAll(base.sizes);
            rules.addAll(base.rules);
            labelsSync.putAll(base.labelsSync);
            extendsChain.addAll(base.extendsChain);
        }

        Policy toPolicy() {
            ProvenanceSettings settings = new ProvenanceSettings(List.copyOf(agents), List.copyOf(emails), List.copyOf(trailers),
                    declaredLabel, List.copyOf(branchPrefixes), disabled, overridden);
            return new Policy(version, settings, List.copyOf(sizes.values()), rules, labelsSync, extendsChain, mode);
        }
    }

    // ---------------------------------------------------------------- document

    private Draft read(String yaml) {
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
                    problems.add(at(e.getStartMark(), "the policy nests deeper than " + MAX_DEPTH + " levels; flatten it"));
                    return null;
                }
                if (e instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                    depth--;
                }
                String tag = e instanceof ScalarEvent s ? s.getTag() : e instanceof CollectionStartEvent c ? c.getTag() : null;
                if (tag != null) {
                    problems.add(at(e.getStartMark(), "type tags such as '" + tag + "' are not allowed in a policy; remove the tag"
                            + " (quote the value if it must stay text)"));
                }
                if (e instanceof AliasEvent && ++aliases == MAX_ALIASES + 1) {
                    problems.add(at(e.getStartMark(), "more than " + MAX_ALIASES + " aliases; write the values out"));
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
            problems.add(at(m, "invalid YAML: " + oneLine(what)
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
            problems.add(at(root, "the policy must be a mapping with 'version: 1' and 'rules:'"));
            return null;
        }
        try {
            return document(root);
        } catch (TooLarge e) {
            return null;
        }
    }

    private Draft document(Node root) {
        Map<String, NodeTuple> top = mapping(root, "the policy", TOP_KEYS);
        Draft draft = new Draft();
        NodeTuple version = top.get("version");
        if (version == null) {
            problems.add(at(root, "missing 'version: 1' (the language version) at the top of the policy"));
        } else {
            Integer v = integer(version.getValueNode(), "version", 1, Integer.MAX_VALUE);
            if (v != null && v != 1) {
                problems.add(at(version.getValueNode(), "unsupported version " + v + "; this server reads 'version: 1'"));
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
            problems.add(at(root, "missing 'rules:' (a list of rules; see docs/policy.md)"));
        }
        return draft;
    }

    // ---------------------------------------------------------------- extends

    private void resolveExtends(Node node, Draft draft) {
        String ref = string(node, "extends");
        if (ref == null) {
            return;
        }
        Matcher m = EXTENDS.matcher(ref.trim());
        if (!m.matches()) {
            problems.add(at(node, "'extends' must look like 'org/repo:path/to/policy.yml@ref' (path and @ref optional), got '" + ref + "'"));
            return;
        }
        String repo = m.group(1) + "/" + m.group(2);
        String path = m.group(3) == null ? GateEvaluator.REPOSITORY_POLICY_PATH : m.group(3);
        String gitRef = m.group(4);
        String location = repo + ":" + path + (gitRef == null ? "" : "@" + gitRef);
        String unsafe = ExtendsTarget.problem(repo, path, gitRef);
        String refused = unsafe == null ? sources.refusal(repo) : null;
        if (unsafe != null || refused != null) {
            problems.add(at(node, "'extends' " + (unsafe != null ? unsafe : refused) + " (see docs/policy.md, 'extends')"));
            return;
        }
        String key = location.toLowerCase(Locale.ROOT);
        if (chain.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(key))) {
            List<String> cycle = new ArrayList<>(chain);
            java.util.Collections.reverse(cycle);
            problems.add(at(node, "'extends' forms a cycle: " + String.join(" -> ", cycle) + " -> " + location
                    + "; remove one of the extends"));
            return;
        }
        if (chain.size() > MAX_EXTENDS_DEPTH) {
            problems.add(at(node, "'extends' goes deeper than " + MAX_EXTENDS_DEPTH + " policies; flatten the chain"));
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
            problems.add(at(node, "cannot read the extended policy " + location
                    + "; check that it exists and that the app is installed on " + repo + " with contents read access"));
            return;
        }
        int before = problems.size();
        chain.push(location);
        Draft base;
        try {
            base = new PolicyParser(location, sources, problems, chain, globCache).read(text.get());
        } finally {
            chain.pop();
        }
        withhold(before);
        if (base == null || problems.size() > before) {
            problems.add(at(node, "the extended policy " + location + " has " + Math.max(1, problems.size() - before)
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

    private void provenance(Node node, Draft draft) {
        Map<String, NodeTuple> map = mapping(node, "provenance", PROVENANCE_KEYS);
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            Node v = e.getValue().getValueNode();
            switch (e.getKey()) {
                case "agents" -> draft.agents.addAll(strings(v, "provenance.agents"));
                case "emails" -> draft.emails.addAll(strings(v, "provenance.emails").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
                case "trailers" -> draft.trailers.addAll(strings(v, "provenance.trailers"));
                case "declared_label" -> draft.declaredLabel = string(v, "provenance.declared_label");
                case "branch_prefixes" -> draft.branchPrefixes.addAll(strings(v, "provenance.branch_prefixes"));
                case "disable_signals" -> draft.disabled.addAll(strings(v, "provenance.disable_signals"));
                case "override_signals" -> draft.overridden.addAll(strings(v, "provenance.override_signals"));
                default -> throw new IllegalStateException(e.getKey());
            }
        }
    }

    private void sizes(Node node, Draft draft) {
        for (Map.Entry<String, NodeTuple> e : mapping(node, "size", null).entrySet()) {
            String name = e.getKey();
            Map<String, NodeTuple> b = mapping(e.getValue().getValueNode(), "size." + name, SIZE_KEYS);
            Integer minLines = optInt(b, "min_lines");
            Integer maxLines = optInt(b, "max_lines");
            Integer minFiles = optInt(b, "min_files");
            Integer maxFiles = optInt(b, "max_files");
            if (b.isEmpty()) {
                problems.add(at(e.getValue().getValueNode(), "size class '" + name + "' sets no bound; give it min_lines, max_lines, min_files or max_files"));
            }
            if ((minLines != null && maxLines != null && minLines > maxLines) || (minFiles != null && maxFiles != null && minFiles > maxFiles)) {
                problems.add(at(e.getValue().getValueNode(), "size class '" + name + "' has a minimum above its maximum, so nothing fits it"));
            }
            draft.sizes.put(name, new SizeClass(name, minLines, maxLines, minFiles, maxFiles));
        }
    }

    private void labelsSync(Node node, Draft draft) {
        draft.labelsSync.clear();
        for (Map.Entry<String, NodeTuple> e : mapping(node, "labels_sync", PROVENANCE_CLASSES).entrySet()) {
            String label = string(e.getValue().getValueNode(), "labels_sync." + e.getKey());
            if (label != null) {
                draft.labelsSync.put(ProvenanceClass.fromId(e.getKey()).orElseThrow(), label);
            }
        }
    }

    private void rules(Node node, Draft draft) {
        List<Node> items = sequence(node, "rules");
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
                problems.add(at(item, "two rules are named '" + rule.name() + "'; rule names must be unique"));
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

    private Rule rule(Node node, Draft draft) {
        Map<String, NodeTuple> map = mapping(node, "a rule", RULE_KEYS);
        if (!(node instanceof MappingNode)) {
            return null;
        }
        String name = map.containsKey("name") ? string(map.get("name").getValueNode(), "name") : null;
        if (!map.containsKey("name")) {
            problems.add(at(node, "a rule needs a 'name' (shown in the check run)"));
        }
        String description = map.containsKey("description") ? string(map.get("description").getValueNode(), "description") : null;
        String hint = map.containsKey("hint") ? hint(map.get("hint").getValueNode()) : null;
        Condition condition = null;
        if (map.containsKey("if")) {
            condition = conditions(map.get("if").getValueNode(), draft, 0, "if");
        }
        List<Requirement> reqs = new ArrayList<>();
        if (map.containsKey("require")) {
            requirements(map.get("require").getValueNode(), reqs);
        } else {
            problems.add(at(node, "the rule " + (name == null ? "" : "'" + name + "' ") + "needs a 'require:' block"));
        }
        Verdict onFailure = Verdict.FAILURE;
        if (map.containsKey("conclusion")) {
            Node v = map.get("conclusion").getValueNode();
            String c = string(v, "conclusion");
            if ("failure".equals(c)) {
                onFailure = Verdict.FAILURE;
            } else if ("action_required".equals(c)) {
                onFailure = Verdict.ACTION_REQUIRED;
            } else if (c != null) {
                problems.add(at(v, "'conclusion' must be failure or action_required, got '" + c + "'"
                        + Suggestions.hint(c, List.of("failure", "action_required"))));
            }
        }
        Mode mode = map.containsKey("mode") ? mode(map.get("mode").getValueNode(), null) : null;
        return name == null ? null : new Rule(name, description, line(node), condition, reqs, onFailure, file, hint, mode);
    }

    /** {@code mode: observe | enforce}; a bad value is reported at its position and {@code fallback} kept. */
    private Mode mode(Node v, Mode fallback) {
        String m = string(v, "mode");
        if ("observe".equals(m) || "enforce".equals(m)) {
            return Mode.parse(m);
        }
        if (m != null) {
            problems.add(at(v, "'mode' must be observe or enforce, got '" + m + "'"
                    + Suggestions.hint(m, List.of("observe", "enforce"))));
        }
        return fallback;
    }

    // ---------------------------------------------------------------- conditions

    private Condition conditions(Node node, Draft draft, int depth, String where) {
        if (depth > MAX_DEPTH) {
            problems.add(at(node, "conditions are nested deeper than " + MAX_DEPTH + " levels"));
            return null;
        }
        if (node instanceof SequenceNode) {
            problems.add(at(node, "'" + where + "' takes a mapping of conditions; to combine a list, write 'all: [...]' or 'any: [...]'"));
            return null;
        }
        Map<String, NodeTuple> map = mapping(node, "'" + where + "'", CONDITION_KEYS, REQUIREMENT_KEYS, "a requirement; put it under 'require'");
        if (node instanceof MappingNode && map.isEmpty() && ((MappingNode) node).getValue().isEmpty()) {
            problems.add(at(node, "'" + where + "' is empty; leave it out for a rule that always applies"));
            return null;
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            Condition c = condition(e.getKey(), e.getValue().getValueNode(), draft, depth);
            if (c != null) {
                out.add(c);
            }
        }
        return out.size() == 1 ? out.get(0) : new Condition.All(out);
    }

    private Condition condition(String key, Node v, Draft draft, int depth) {
        switch (key) {
            case "provenance" -> {
                Set<ProvenanceClass> classes = EnumSet.noneOf(ProvenanceClass.class);
                for (Node item : items(v, key)) {
                    String id = string(item, key);
                    if (id != null) {
                        ProvenanceClass.fromId(id).ifPresentOrElse(classes::add, () -> problems.add(at(item,
                                "unknown provenance class '" + id + "'; use " + String.join(", ", PROVENANCE_CLASSES)
                                        + Suggestions.hint(id, PROVENANCE_CLASSES))));
                    }
                }
                return nonEmpty(v, key, classes) ? new Condition.ProvenanceIs(classes) : null;
            }
            case "ai_commit_share" -> {
                Map<String, NodeTuple> r = mapping(v, key, RANGE_KEYS);
                Double min = r.containsKey("min") ? fraction(r.get("min").getValueNode(), key + ".min") : null;
                Double max = r.containsKey("max") ? fraction(r.get("max").getValueNode(), key + ".max") : null;
                return rangeOk(v, key, min, max) ? new Condition.AiCommitShare(min, max) : null;
            }
            case "size" -> {
                List<SizeClass> classes = new ArrayList<>();
                for (Node item : items(v, key)) {
                    String name = string(item, key);
                    if (name == null) {
                        continue;
                    }
                    SizeClass c = draft.sizes.get(name);
                    if (c == null) {
                        problems.add(at(item, "unknown size class '" + name + "'; define it under the top-level 'size:'"
                                + (draft.sizes.isEmpty() ? "" : " (defined: " + String.join(", ", draft.sizes.keySet()) + ")")
                                + Suggestions.hint(name, draft.sizes.keySet())));
                    } else {
                        classes.add(c);
                    }
                }
                return nonEmpty(v, key, classes) ? new Condition.SizeIs(classes) : null;
            }
            case "changed_files" -> {
                GlobSet g = globs(v, key);
                return g == null ? null : new Condition.ChangedFiles(g);
            }
            case "only_changed_files" -> {
                GlobSet g = globs(v, key);
                return g == null ? null : new Condition.OnlyChangedFiles(g);
            }
            case "changed_lines", "changed_files_count" -> {
                Map<String, NodeTuple> r = mapping(v, key, RANGE_KEYS);
                Integer min = optInt(r, "min");
                Integer max = optInt(r, "max");
                if (!rangeOk(v, key, min, max)) {
                    return null;
                }
                return key.equals("changed_lines") ? new Condition.ChangedLines(min, max) : new Condition.ChangedFileCount(min, max);
            }
            case "author" -> {
                Map<String, NodeTuple> a = mapping(v, key, AUTHOR_KEYS);
                Set<String> users = a.containsKey("users") ? logins(a.get("users").getValueNode(), "author.users") : Set.of();
                Set<String> teams = a.containsKey("teams") ? teams(a.get("teams").getValueNode(), "author.teams") : Set.of();
                if (users.isEmpty() && teams.isEmpty()) {
                    problems.add(at(v, "'author' needs 'users' or 'teams'"));
                    return null;
                }
                return new Condition.AuthorIn(users, teams);
            }
            case "has_labels" -> {
                List<String> labels = strings(v, key);
                return nonEmpty(v, key, labels) ? new Condition.HasLabels(labels) : null;
            }
            case "targets_branch", "from_branch" -> {
                List<Glob> names = new ArrayList<>();
                for (Node item : items(v, key)) {
                    String s = string(item, key);
                    if (s != null) {
                        try {
                            names.add(Glob.name(s));
                        } catch (GlobSyntaxException e) {
                            problems.add(at(item, e.offset(), "bad branch pattern: " + e.getMessage()));
                        }
                    }
                }
                return nonEmpty(v, key, names) ? new Condition.Branch(key.equals("targets_branch"), names) : null;
            }
            case "title", "body" -> {
                List<Pattern> matches;
                List<Pattern> notMatches = List.of();
                if (v instanceof ScalarNode) {
                    matches = regexes(v, key);
                } else {
                    Map<String, NodeTuple> t = mapping(v, key, TEXT_KEYS);
                    matches = t.containsKey("matches") ? regexes(t.get("matches").getValueNode(), key + ".matches") : List.of();
                    notMatches = t.containsKey("not_matches") ? regexes(t.get("not_matches").getValueNode(), key + ".not_matches") : List.of();
                    if (t.isEmpty() && v instanceof MappingNode) {
                        problems.add(at(v, "'" + key + "' needs 'matches' or 'not_matches'"));
                        return null;
                    }
                }
                return new Condition.TextMatches(key, matches, notMatches);
            }
            case "draft" -> {
                Boolean b = bool(v, key);
                return b == null ? null : new Condition.Draft(b);
            }
            case "undisclosed_ai" -> {
                Boolean b = bool(v, key);
                return b == null ? null : new Condition.UndisclosedAi(b);
            }
            case "all", "any" -> {
                List<Node> list = sequence(v, key);
                if (list == null) {
                    return null;
                }
                if (list.isEmpty()) {
                    problems.add(at(v, "'" + key + "' needs at least one condition"));
                    return null;
                }
                List<Condition> parts = new ArrayList<>();
                for (Node item : list) {
                    Condition c = conditions(item, draft, depth + 1, key);
                    if (c != null) {
                        parts.add(c);
                    }
                }
                return key.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
            }
            case "not" -> {
                Condition c = conditions(v, draft, depth + 1, "not");
                return c == null ? null : new Condition.Not(c);
            }
            default -> throw new IllegalStateException(key);
        }
    }

    // ---------------------------------------------------------------- requirements

    private void requirements(Node node, List<Requirement> out) {
        Map<String, NodeTuple> map = mapping(node, "'require'", REQUIREMENT_KEYS, CONDITION_KEYS, "a condition; put it under 'if'");
        if (node instanceof MappingNode m && m.getValue().isEmpty()) {
            problems.add(at(node, "'require' is empty; a rule must require something"));
        }
        for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
            Node v = e.getValue().getValueNode();
            int line = line(e.getValue().getKeyNode());
            Requirement r = switch (e.getKey()) {
                case "approvals" -> approvals(v, line);
                case "codeowners" -> codeowners(v, line);
                case "tests" -> tests(v, line);
                case "checks" -> checks(v, line);
                case "labels" -> labels(v, line);
                case "disclosure" -> disclosure(v, line);
                case "max_size" -> {
                    Map<String, NodeTuple> m = mapping(v, "max_size", MAX_SIZE_KEYS);
                    Integer lines = optInt(m, "lines");
                    Integer files = optInt(m, "files");
                    if (lines == null && files == null) {
                        if (v instanceof MappingNode) {
                            problems.add(at(v, "'max_size' needs 'lines' or 'files'"));
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
            List<String> labels = strings(v, "labels");
            return nonEmpty(v, "labels", labels) ? new Requirement.Labels(line, labels, List.of()) : null;
        }
        int reported = problems.size();
        Map<String, NodeTuple> m = mapping(v, "labels", LABELS_KEYS);
        List<String> present = m.containsKey("present") ? strings(m.get("present").getValueNode(), "labels.present") : List.of();
        List<String> absent = m.containsKey("absent") ? strings(m.get("absent").getValueNode(), "labels.absent") : List.of();
        if (present.isEmpty() && absent.isEmpty()) {
            if (problems.size() > reported) {
                return null; // an unknown key or a bad list, already reported where it is
            }
            problems.add(at(v, "'labels' needs 'present' (labels that must be on the pull request) or 'absent' "
                    + "(labels that must not be), each a list of label names"));
            return null;
        }
        for (String a : absent) {
            if (present.stream().anyMatch(a::equalsIgnoreCase)) {
                problems.add(at(m.get("absent").getValueNode(), "the label '" + a + "' is both present and absent in 'labels';"
                        + " no pull request could satisfy that"));
                return null;
            }
        }
        return new Requirement.Labels(line, present, absent);
    }

    /** A rule's own instruction for when it is unmet, shown as its next step. */
    private String hint(Node v) {
        String h = string(v, "hint");
        if (h == null) {
            return null;
        }
        if (h.isBlank()) {
            problems.add(at(v, "'hint' is empty; say what to do when the rule is unmet, or leave it out"));
            return null;
        }
        if (h.length() > MAX_HINT_CHARS) {
            problems.add(at(v, "'hint' is " + h.length() + " characters; keep it to " + MAX_HINT_CHARS
                    + " (one instruction), and put the rest in 'description'"));
            return null;
        }
        return h.strip();
    }

    private Requirement approvals(Node v, int line) {
        if (v instanceof ScalarNode) {
            Integer n = integer(v, "approvals", 1, 100);
            return n == null ? null : new Requirement.Approvals(line, n, Set.of(), Set.of(), null,
                    EnumSet.of(Requirement.Exclude.AUTHOR), Requirement.Invalidation.NEVER, false);
        }
        Map<String, NodeTuple> m = mapping(v, "approvals", APPROVAL_KEYS);
        Integer count = m.containsKey("count") ? integer(m.get("count").getValueNode(), "approvals.count", 1, 100) : Integer.valueOf(1);
        Set<String> users = Set.of();
        Set<String> teams = Set.of();
        Requirement.Permission permission = null;
        if (m.containsKey("from")) {
            Node fromNode = m.get("from").getValueNode();
            Map<String, NodeTuple> from = mapping(fromNode, "approvals.from", FROM_KEYS);
            users = from.containsKey("users") ? logins(from.get("users").getValueNode(), "from.users") : Set.of();
            teams = from.containsKey("teams") ? teams(from.get("teams").getValueNode(), "from.teams") : Set.of();
            if (from.containsKey("permission")) {
                Node p = from.get("permission").getValueNode();
                String s = string(p, "from.permission");
                if (s != null) {
                    permission = Requirement.Permission.of(s);
                    if (permission == null || permission == Requirement.Permission.NONE) {
                        problems.add(at(p, "unknown permission '" + s + "'; use " + String.join(", ", PERMISSIONS)
                                + Suggestions.hint(s, PERMISSIONS)));
                    }
                }
            }
            if (fromNode instanceof MappingNode && from.isEmpty()) {
                problems.add(at(fromNode, "'from' needs 'users', 'teams' or 'permission'; leave it out to count anyone"));
            }
        }
        Set<Requirement.Exclude> exclude = m.containsKey("exclude") ? excludes(m.get("exclude").getValueNode())
                : EnumSet.of(Requirement.Exclude.AUTHOR);
        Requirement.Invalidation head = invalidation(v, m);
        boolean request = m.containsKey("request_reviewers") && Boolean.TRUE.equals(bool(m.get("request_reviewers").getValueNode(), "request_reviewers"));
        return count == null ? null : new Requirement.Approvals(line, count, users, teams, permission, exclude, head, request);
    }

    private Requirement codeowners(Node v, int line) {
        if (v instanceof ScalarNode) {
            Boolean b = bool(v, "codeowners");
            return Boolean.TRUE.equals(b) ? new Requirement.Codeowners(line, EnumSet.of(Requirement.Exclude.AUTHOR),
                    Requirement.Invalidation.NEVER, false) : null;
        }
        Map<String, NodeTuple> m = mapping(v, "codeowners", CODEOWNERS_KEYS);
        Set<Requirement.Exclude> exclude = m.containsKey("exclude") ? excludes(m.get("exclude").getValueNode())
                : EnumSet.of(Requirement.Exclude.AUTHOR);
        Requirement.Invalidation head = invalidation(v, m);
        boolean request = m.containsKey("request_reviewers") && Boolean.TRUE.equals(bool(m.get("request_reviewers").getValueNode(), "request_reviewers"));
        return new Requirement.Codeowners(line, exclude, head, request);
    }

    /**
     * {@code invalidate_on: never | push | diff_change}; {@code current_head_only: true} is the older
     * spelling of {@code push} (and {@code false} of {@code never}). Both at once is refused.
     */
    private Requirement.Invalidation invalidation(Node where, Map<String, NodeTuple> m) {
        Requirement.Invalidation alias = null;
        if (m.containsKey("current_head_only")) {
            Boolean b = bool(m.get("current_head_only").getValueNode(), "current_head_only");
            alias = Boolean.TRUE.equals(b) ? Requirement.Invalidation.PUSH : Requirement.Invalidation.NEVER;
        }
        if (!m.containsKey("invalidate_on")) {
            return alias == null ? Requirement.Invalidation.NEVER : alias;
        }
        Node n = m.get("invalidate_on").getValueNode();
        if (alias != null) {
            problems.add(at(n, "'invalidate_on' and 'current_head_only' say the same thing; keep only 'invalidate_on'"
                    + " (current_head_only: true is invalidate_on: push)"));
        }
        String s = string(n, "invalidate_on");
        if (s == null) {
            return Requirement.Invalidation.NEVER;
        }
        Requirement.Invalidation i = Requirement.Invalidation.of(s);
        if (i == null) {
            problems.add(at(n, "unknown invalidate_on '" + s + "'; use " + String.join(", ", INVALIDATIONS)
                    + Suggestions.hint(s, INVALIDATIONS)));
            return Requirement.Invalidation.PUSH; // the strictest reading, though the problem fails the policy anyway
        }
        return i;
    }

    private Requirement tests(Node v, int line) {
        Map<String, NodeTuple> m = mapping(v, "tests", TESTS_KEYS);
        if (!(v instanceof MappingNode)) {
            return null;
        }
        GlobSet when = m.containsKey("when_changed") ? globs(m.get("when_changed").getValueNode(), "tests.when_changed") : null;
        GlobSet must = m.containsKey("must_change") ? globs(m.get("must_change").getValueNode(), "tests.must_change") : null;
        for (String k : List.of("when_changed", "must_change")) {
            if (!m.containsKey(k)) {
                problems.add(at(v, "'tests' needs '" + k + "' (a list of globs, e.g. " + (k.equals("when_changed") ? "[\"src/main/**\"]" : "[\"src/test/**\"]") + ")"));
            }
        }
        boolean perFile = m.containsKey("per_file") && Boolean.TRUE.equals(bool(m.get("per_file").getValueNode(), "per_file"));
        return when == null || must == null ? null : new Requirement.Tests(line, when, must, perFile);
    }

    private Requirement checks(Node v, int line) {
        List<Node> list = items(v, "checks");
        List<Requirement.CheckSpec> specs = new ArrayList<>();
        for (Node item : list) {
            if (item instanceof ScalarNode) {
                String name = string(item, "checks");
                if (name != null) {
                    if (name.equals(Requirement.Checks.OWN_CHECK)) {
                        problems.add(at(item, "a rule cannot wait on ai-gate's own check run"));
                    } else {
                        specs.add(new Requirement.CheckSpec(name, null));
                    }
                }
                continue;
            }
            Map<String, NodeTuple> m = mapping(item, "a check", CHECK_KEYS);
            if (m.size() != 1) {
                if (item instanceof MappingNode) {
                    problems.add(at(item, "a check is a name, or exactly one of {name: ...} or {pattern: ...}"));
                }
                continue;
            }
            if (m.containsKey("name")) {
                String name = string(m.get("name").getValueNode(), "checks.name");
                if (name != null) {
                    specs.add(new Requirement.CheckSpec(name, null));
                }
            } else {
                Pattern p = regex(m.get("pattern").getValueNode(), "checks.pattern");
                if (p != null) {
                    specs.add(new Requirement.CheckSpec(null, p));
                }
            }
        }
        return nonEmpty(v, "checks", specs) ? new Requirement.Checks(line, specs) : null;
    }

    private Requirement disclosure(Node v, int line) {
        if (v instanceof ScalarNode) {
            Boolean b = bool(v, "disclosure");
            return Boolean.TRUE.equals(b)
                    ? new Requirement.Disclosure(line, List.of(Requirement.Disclosure.SECTION, Requirement.Disclosure.CHECKBOX), true)
                    : null;
        }
        Map<String, NodeTuple> m = mapping(v, "disclosure", DISCLOSURE_KEYS);
        if (!m.containsKey("matches")) {
            if (v instanceof MappingNode) {
                problems.add(at(v, "'disclosure' is true, or { matches: [regex, ...] }"));
            }
            return null;
        }
        List<Pattern> patterns = regexes(m.get("matches").getValueNode(), "disclosure.matches");
        return nonEmpty(v, "disclosure.matches", patterns) ? new Requirement.Disclosure(line, patterns, false) : null;
    }

    private Set<Requirement.Exclude> excludes(Node v) {
        Set<Requirement.Exclude> out = EnumSet.noneOf(Requirement.Exclude.class);
        for (Node item : items(v, "exclude")) {
            String s = string(item, "exclude");
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
                problems.add(at(item, "unknown exclusion '" + s + "'; use " + String.join(", ", EXCLUDES) + Suggestions.hint(s, EXCLUDES)));
            } else {
                out.add(found);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- typed values

    private Map<String, NodeTuple> mapping(Node node, String where, List<String> allowed) {
        return mapping(node, where, allowed, List.of(), null);
    }

    /**
     * The keys of a mapping, in order; reports a non-mapping, non-text keys, duplicates, and
     * keys outside {@code allowed} (null: any key) with a suggestion.
     */
    private Map<String, NodeTuple> mapping(Node node, String where, List<String> allowed, List<String> elsewhere, String elsewhereHint) {
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

    private List<Node> sequence(Node node, String where) {
        count(node);
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        problems.add(at(node, "'" + where + "' must be a list, not " + describe(node)));
        return null;
    }

    /** A list, or a single text value standing for a one-item list. */
    private List<Node> items(Node node, String where) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return List.of(node);
        }
        List<Node> l = sequence(node, where);
        return l == null ? List.of() : l;
    }

    private List<String> strings(Node node, String where) {
        List<String> out = new ArrayList<>();
        for (Node item : items(node, where)) {
            String s = string(item, where);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private Set<String> logins(Node node, String where) {
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

    private Set<String> teams(Node node, String where) {
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

    private String string(Node node, String where) {
        count(node);
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return s.getValue();
        }
        problems.add(at(node, "'" + where + "' must be text, not " + describe(node)));
        return null;
    }

    private Integer integer(Node node, String where, int min, int max) {
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

    private Integer optInt(Map<String, NodeTuple> map, String key) {
        return map.containsKey(key) ? integer(map.get(key).getValueNode(), key, 0, Integer.MAX_VALUE) : null;
    }

    private Double fraction(Node node, String where) {
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

    private Boolean bool(Node node, String where) {
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

    private boolean rangeOk(Node node, String where, Number min, Number max) {
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

    private boolean nonEmpty(Node node, String where, java.util.Collection<?> values) {
        if (values.isEmpty()) {
            if (node instanceof SequenceNode s && s.getValue().isEmpty()) {
                problems.add(at(node, "'" + where + "' is empty"));
            }
            return false;
        }
        return true;
    }

    private GlobSet globs(Node node, String where) {
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
            if (s.length() > MAX_PATTERN_CHARS) {
                problems.add(at(item, "pattern longer than " + MAX_PATTERN_CHARS + " characters"));
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

    private List<Pattern> regexes(Node node, String where) {
        List<Pattern> out = new ArrayList<>();
        for (Node item : items(node, where)) {
            Pattern p = regex(item, where);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private Pattern regex(Node node, String where) {
        String s = string(node, where);
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_PATTERN_CHARS) {
            problems.add(at(node, "regular expression longer than " + MAX_PATTERN_CHARS + " characters"));
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
    private static final class TooLarge extends RuntimeException {
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

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private PolicyProblem at(Node node, String message) {
        return at(node == null ? null : node.getStartMark(), message);
    }

    /** A problem at a character inside a one-line text value (e.g. the bad part of a glob). */
    private PolicyProblem at(Node node, int offset, String message) {
        Mark start = node.getStartMark();
        if (node instanceof ScalarNode s && start != null && node.getEndMark() != null
                && start.getLine() == node.getEndMark().getLine() && offset > 0) {
            int quote = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
            return new PolicyProblem(file, start.getLine() + 1,
                    start.getColumn() + 1 + quote + offset, message);
        }
        return at(start, message);
    }

    private PolicyProblem at(Mark m, String message) {
        if (m == null) {
            return new PolicyProblem(file, 1, 1, message);
        }
        return new PolicyProblem(file, m.getLine() + 1, m.getColumn() + 1, message);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
