package dev.aigate.provenance;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the place a catalogue problem names ({@code markers[3] (body.x).regex}) into the line and
 * column of the YAML text it came from, so that every catalogue error reads {@code file:line:col}.
 *
 * <p>The YAML is composed once more into nodes, which carry their marks; the place is walked down:
 * a section, an entry index, a key. When a step is missing, the deepest node found is used.
 */
final class CatalogueLocations {

    private static final Pattern PLACE = Pattern.compile("^([a-z_]+)(?:\\[(\\d+)])?(?: \\([^)]*\\))?(?:\\.([a-z_]+))?");

    private final Node root;

    private CatalogueLocations(Node root) {
        this.root = root;
    }

    /** Locations for a YAML text; one that cannot be composed gives no locations. */
    static CatalogueLocations of(String yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            return new CatalogueLocations(new Yaml(options).compose(new StringReader(yaml)));
        } catch (YAMLException | IllegalArgumentException e) {
            return new CatalogueLocations(null);
        }
    }

    /** {@code line:col} (1-based) of the place, or of the whole file when nothing narrower is found. */
    String locate(String where) {
        if (root == null) {
            return "1:1";
        }
        Node node = root;
        Matcher m = PLACE.matcher(where == null ? "" : where);
        if (m.find()) {
            Node section = child(node, m.group(1));
            if (section != null) {
                node = section;
                if (m.group(2) != null && section instanceof SequenceNode seq) {
                    int i = Integer.parseInt(m.group(2));
                    if (i < seq.getValue().size()) {
                        node = seq.getValue().get(i);
                    }
                }
                if (m.group(3) != null) {
                    Node key = child(node, m.group(3));
                    if (key != null) {
                        node = key;
                    }
                }
            }
        }
        return format(node.getStartMark());
    }

    /** The value node under a key of a mapping, or null. */
    private static Node child(Node node, String key) {
        if (!(node instanceof MappingNode map)) {
            return null;
        }
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
                return t.getValueNode();
            }
        }
        return null;
    }

    static String format(Mark mark) {
        return mark == null ? "1:1" : (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }
}
