package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceSettings;
import dev.aigate.provenance.SizeClass;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code ai-gate.yml} strictly: unknown keys and wrong types are errors with line and
 * column. Works on SnakeYAML's node tree (safe composition, no object construction, no tags).
 */
public final class PolicyParser {

    private final String file;
    private final List<PolicyProblem> problems = new ArrayList<>();

    private PolicyParser(String file) {
        this.file = file;
    }

    public static PolicyParseResult parse(String yaml, String file) {
        return new PolicyParser(file).run(yaml);
    }

    private PolicyParseResult run(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(1024 * 1024);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new PolicyProblem(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                    "invalid YAML: " + (e.getProblem() == null ? e.getMessage() : e.getProblem())));
            return new PolicyParseResult(Optional.empty(), problems);
        } catch (RuntimeException e) {
            problems.add(new PolicyProblem(file, 1, 1, "invalid YAML: " + e.getMessage()));
            return new PolicyParseResult(Optional.empty(), problems);
        }
        if (!(root instanceof MappingNode map)) {
            problems.add(at(root, "the policy must be a mapping with 'version' and 'rules'"));
            return new PolicyParseResult(Optional.empty(), problems);
        }
        int version = 0;
        ProvenanceSettings provenance = ProvenanceSettings.DEFAULT;
        List<SizeClass> sizes = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        boolean sawVersion = false;
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode());
            Node value = t.getValueNode();
            switch (key) {
                case "version" -> {
                    sawVersion = true;
                    version = integer(value);
                    if (version != 1) {
                        problems.add(at(value, "unsupported version " + version + "; this server reads version 1"));
                    }
                }
                case "provenance" -> provenance = provenance(value);
                case "size" -> sizes = sizes(value);
                case "rules" -> rules = rules(value);
                default -> problems.add(at(t.getKeyNode(), "unknown key '" + key + "'"));
            }
        }
        if (!sawVersion) {
            problems.add(at(root, "missing 'version: 1'"));
        }
        if (!problems.isEmpty()) {
            return new PolicyParseResult(Optional.empty(), problems);
        }
        return new PolicyParseResult(Optional.of(new Policy(version, provenance, sizes, rules)), problems);
    }

    private ProvenanceSettings provenance(Node node) {
        List<String> agents = List.of();
        String label = null;
        for (NodeTuple t : mapping(node)) {
            String key = scalar(t.getKeyNode());
            switch (key) {
                case "agents" -> agents = strings(t.getValueNode());
                case "declared_label" -> label = scalar(t.getValueNode());
                default -> problems.add(at(t.getKeyNode(), "unknown key 'provenance." + key + "'"));
            }
        }
        return new ProvenanceSettings(agents, List.of(), List.of(), label, List.of(), java.util.Set.of(), java.util.Set.of());
    }

    private List<SizeClass> sizes(Node node) {
        List<SizeClass> out = new ArrayList<>();
        for (NodeTuple t : mapping(node)) {
            String name = scalar(t.getKeyNode());
            Integer minLines = null;
            Integer maxLines = null;
            Integer minFiles = null;
            Integer maxFiles = null;
            for (NodeTuple b : mapping(t.getValueNode())) {
                String key = scalar(b.getKeyNode());
                switch (key) {
                    case "min_lines" -> minLines = integer(b.getValueNode());
                    case "max_lines" -> maxLines = integer(b.getValueNode());
                    case "min_files" -> minFiles = integer(b.getValueNode());
                    case "max_files" -> maxFiles = integer(b.getValueNode());
                    default -> problems.add(at(b.getKeyNode(), "unknown key 'size." + name + "." + key + "'"));
                }
            }
            out.add(new SizeClass(name, minLines, maxLines, minFiles, maxFiles));
        }
        return out;
    }

    private List<Rule> rules(Node node) {
        List<Rule> out = new ArrayList<>();
        if (!(node instanceof SequenceNode seq)) {
            problems.add(at(node, "'rules' must be a list"));
            return out;
        }
        for (Node item : seq.getValue()) {
            String name = null;
            Set<ProvenanceClass> classes = EnumSet.noneOf(ProvenanceClass.class);
            int approvals = 0;
            Verdict onFailure = Verdict.FAILURE;
            for (NodeTuple t : mapping(item)) {
                String key = scalar(t.getKeyNode());
                switch (key) {
                    case "name" -> name = scalar(t.getValueNode());
                    case "if" -> {
                        for (NodeTuple c : mapping(t.getValueNode())) {
                            String ck = scalar(c.getKeyNode());
                            if (ck.equals("provenance")) {
                                for (Node v : sequence(c.getValueNode())) {
                                    String id = scalar(v);
                                    ProvenanceClass.fromId(id).ifPresentOrElse(classes::add,
                                            () -> problems.add(at(v, "unknown provenance class '" + id + "'")));
                                }
                            } else {
                                problems.add(at(c.getKeyNode(), "unknown condition '" + ck + "'"));
                            }
                        }
                    }
                    case "require" -> {
                        for (NodeTuple r : mapping(t.getValueNode())) {
                            String rk = scalar(r.getKeyNode());
                            if (rk.equals("approvals")) {
                                for (NodeTuple a : mapping(r.getValueNode())) {
                                    if (scalar(a.getKeyNode()).equals("count")) {
                                        approvals = integer(a.getValueNode());
                                    } else {
                                        problems.add(at(a.getKeyNode(), "unknown key 'approvals." + scalar(a.getKeyNode()) + "'"));
                                    }
                                }
                            } else {
                                problems.add(at(r.getKeyNode(), "unknown requirement '" + rk + "'"));
                            }
                        }
                    }
                    case "conclusion" -> {
                        String v = scalar(t.getValueNode());
                        switch (v) {
                            case "failure" -> onFailure = Verdict.FAILURE;
                            case "action_required" -> onFailure = Verdict.ACTION_REQUIRED;
                            default -> problems.add(at(t.getValueNode(), "conclusion must be failure or action_required"));
                        }
                    }
                    default -> problems.add(at(t.getKeyNode(), "unknown key '" + key + "' in a rule"));
                }
            }
            if (name == null) {
                problems.add(at(item, "a rule needs a 'name'"));
            }
            out.add(new Rule(name, classes, approvals, onFailure));
        }
        return out;
    }

    private List<NodeTuple> mapping(Node node) {
        if (node instanceof MappingNode m) {
            return m.getValue();
        }
        problems.add(at(node, "expected a mapping"));
        return List.of();
    }

    private List<Node> sequence(Node node) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        problems.add(at(node, "expected a list"));
        return List.of();
    }

    private List<String> strings(Node node) {
        return sequence(node).stream().map(this::scalar).toList();
    }

    private String scalar(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problems.add(at(node, "expected a single value"));
        return "";
    }

    private int integer(Node node) {
        String s = scalar(node);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            problems.add(at(node, "expected a whole number, got '" + s + "'"));
            return 0;
        }
    }

    private PolicyProblem at(Node node, String message) {
        Mark m = node == null ? null : node.getStartMark();
        return new PolicyProblem(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, message);
    }
}
