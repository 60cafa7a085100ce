package dev.aigate.provenance;

import dev.aigate.patterns.Glob;
import dev.aigate.patterns.GlobSyntaxException;
import dev.aigate.patterns.Steps;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which changed files are generated or vendored: the repository's {@code .gitattributes}
 * ({@code linguist-generated}, {@code linguist-vendored}) first, then the built-in list of
 * lockfiles, vendor directories and generated-file name patterns ({@code generated-files.yml}).
 *
 * <p>Both kinds of pattern are compiled with the project's {@link Glob} engine, never the JDK's
 * glob PathMatcher: that one translates to java.util.regex, where a pattern such as
 * {@code *a*a*a*a*a*b} from a repository's {@code .gitattributes} takes exponential time.
 */
final class GeneratedFiles {

    private static final String RESOURCE = "generated-files.yml";
    private static volatile GeneratedFiles builtIn;

    private final NameSet lockfiles;
    private final NameSet vendorDirs;
    private final List<Glob> generatedNames;

    private GeneratedFiles(Set<String> lockfiles, Set<String> vendorDirs, List<Glob> generatedNames) {
        this.lockfiles = new NameSet(lockfiles);
        this.vendorDirs = new NameSet(vendorDirs);
        this.generatedNames = List.copyOf(generatedNames);
    }

    static GeneratedFiles builtIn() {
        GeneratedFiles g = builtIn;
        if (g == null) {
            synchronized (GeneratedFiles.class) {
                g = builtIn;
                if (g == null) {
                    try (InputStream in = GeneratedFiles.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + " is missing from the classpath (dev/aigate/provenance/)");
                        }
                        g = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                    builtIn = g;
                }
            }
        }
        return g;
    }

    static GeneratedFiles parse(String yaml, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalStateException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalStateException(source + ": expected a mapping at the top level");
        }
        for (Object key : map.keySet()) {
            if (!Set.of("version", "lockfiles", "vendor_dirs", "generated_names").contains(key)) {
                throw new IllegalStateException(source + ": unknown key '" + key + "'");
            }
        }
        List<Glob> globs = new ArrayList<>();
        for (String glob : strings(map.get("generated_names"), source, "generated_names")) {
            try {
                globs.add(Glob.name(glob));
            } catch (GlobSyntaxException e) {
                throw new IllegalStateException(source + ": generated_names: bad glob '" + glob + "': " + e.getMessage());
            }
        }
        return new GeneratedFiles(new HashSet<>(strings(map.get("lockfiles"), source, "lockfiles")),
                new HashSet<>(strings(map.get("vendor_dirs"), source, "vendor_dirs")), globs);
    }

    private static List<String> strings(Object node, String source, String key) {
        if (!(node instanceof List<?> list)) {
            throw new IllegalStateException(source + ": '" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw new IllegalStateException(source + ": '" + key + "' entries must be non-empty strings");
            }
            out.add(s);
        }
        return out;
    }

    /** Whether the built-in list calls this path generated or vendored. */
    boolean isGenerated(String path) {
        int slash = path.lastIndexOf('/');
        if (lockfiles.contains(path, slash + 1, path.length())) {
            return true;
        }
        int start = 0;
        while (start < slash) {
            int next = path.indexOf('/', start);
            if (next > start && vendorDirs.contains(path, start, next)) {
                return true;
            }
            start = next + 1;
        }
        String name = slash < 0 ? path : path.substring(slash + 1);
        for (Glob g : generatedNames) {
            if (g.matches(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code linguist-generated}/{@code linguist-vendored} rules of a {@code .gitattributes}
     * file. Patterns follow gitattributes: no slash matches the file name at any depth, otherwise
     * the path from the root; {@code **} spans directories; the last matching line wins.
     */
    static final class Attributes {
        static final Attributes NONE = new Attributes(List.of());

        private record Rule(Glob glob, Boolean generated, Boolean vendored) {
        }

        private final List<Rule> rules;

        private Attributes(List<Rule> rules) {
            this.rules = rules;
        }

        static Attributes parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            List<Rule> rules = new ArrayList<>();
            for (String rawLine : text.split("\r?\n")) {
                String line = rawLine.trim();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("[attr]")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                Boolean generated = null;
                Boolean vendored = null;
                for (int i = 1; i < parts.length; i++) {
                    Boolean v = linguist(parts[i]);
                    if (v != null) {
                        if (parts[i].contains("linguist-generated")) {
                            generated = v;
                        } else {
                            vendored = v;
                        }
                    }
                }
                if (generated == null && vendored == null) {
                    continue;
                }
                String pattern = parts[0];
                if (pattern.endsWith("/")) {
                    continue; // gitattributes never matches directories themselves
                }
                try {
                    rules.add(new Rule(Glob.attributes(pattern), generated, vendored));
                } catch (GlobSyntaxException e) {
                    // A pattern that cannot be read, or is too complex to match quickly, is skipped,
                    // as git skips what it cannot parse.
                }
            }
            return rules.isEmpty() ? NONE : new Attributes(List.copyOf(rules));
        }

        /** true/false when a linguist attribute decides, null when none does. */
        private static Boolean linguist(String attr) {
            String a = attr;
            boolean negated = a.startsWith("-");
            if (negated || a.startsWith("!")) {
                a = a.substring(1);
            }
            String name = a;
            String v = null;
            int eq = a.indexOf('=');
            if (eq >= 0) {
                name = a.substring(0, eq);
                v = a.substring(eq + 1);
            }
            if (!name.equals("linguist-generated") && !name.equals("linguist-vendored")) {
                return null;
            }
            if (attr.startsWith("!")) {
                return null;
            }
            if (negated) {
                return false;
            }
            if (v == null) {
                return true;
            }
            return v.equalsIgnoreCase("true") || v.equals("1");
        }

        /** The decision for a path, or null when no line speaks to it. */
        Boolean generated(String path) {
            return generated(path, Steps.NONE);
        }

        /** The same, reporting the matching work to {@code steps}. */
        Boolean generated(String path, Steps steps) {
            if (rules.isEmpty()) {
                return null;
            }
            Boolean generated = null;
            Boolean vendored = null;
            for (int i = rules.size() - 1; i >= 0 && (generated == null || vendored == null); i--) {
                Rule r = rules.get(i);
                if ((generated == null && r.generated() != null) || (vendored == null && r.vendored() != null)) {
                    if (r.glob().matches(path, steps)) {
                        generated = generated == null ? r.generated() : generated;
                        vendored = vendored == null ? r.vendored() : vendored;
                    }
                }
            }
            if (generated == null && vendored == null) {
                return null;
            }
            return Boolean.TRUE.equals(generated) || Boolean.TRUE.equals(vendored);
        }
    }
}
