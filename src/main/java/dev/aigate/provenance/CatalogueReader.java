package dev.aigate.provenance;

import dev.aigate.patterns.RegexBounds;
import dev.aigate.provenance.SignalCatalogue.Bot;
import dev.aigate.provenance.SignalCatalogue.BotKind;
import dev.aigate.provenance.SignalCatalogue.BranchPrefix;
import dev.aigate.provenance.SignalCatalogue.Disclosure;
import dev.aigate.provenance.SignalCatalogue.EmailRule;
import dev.aigate.provenance.SignalCatalogue.Marker;
import dev.aigate.provenance.SignalCatalogue.NamePattern;
import dev.aigate.provenance.SignalCatalogue.NameSuffix;
import dev.aigate.provenance.SignalCatalogue.Scope;
import dev.aigate.provenance.SignalCatalogue.ToolAlias;
import dev.aigate.provenance.SignalCatalogue.TrailerRule;
import dev.aigate.provenance.SignalCatalogue.Trust;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates a signal catalogue's YAML tree for {@link SignalCatalogue}; every problem
 * names its place as {@code file:line:col: entry: message}. Split from the index so that each
 * holds one job: this class knows the file format, the catalogue only the lookups.
 */
final class CatalogueReader {
    private final String source;
    String version;

    int suspectedMinWeakKinds = 2;
    final Map<String, Signal> signals = new LinkedHashMap<>();
    final List<Bot> bots = new ArrayList<>();
    final Map<Long, Bot> botsById = new HashMap<>();
    final Map<String, Bot> botsByLogin = new HashMap<>();
    final Map<String, Bot> machineUsers = new HashMap<>();
    final Map<String, Bot> botsByAppSlug = new HashMap<>();
    final Map<Long, Bot> botsByAppId = new HashMap<>();
    final Map<String, Signal> coauthorIdentities = new HashMap<>();
    final Map<String, EmailRule> exactEmails = new HashMap<>();
    final Map<String, EmailRule> domainEmails = new HashMap<>();
    final List<NameSuffix> nameSuffixes = new ArrayList<>();
    final List<NamePattern> coauthorNames = new ArrayList<>();
    final List<String> coauthorKeys = new ArrayList<>();
    final Map<String, List<TrailerRule>> trailersByKey = new HashMap<>();
    final List<TrailerRule> trailerPrefixes = new ArrayList<>();
    Pattern negativeValues;
    final Map<Scope, List<Marker>> markers = new HashMap<>();
    final List<BranchPrefix> branchPrefixes = new ArrayList<>();
    final Map<String, Signal> fileNames = new HashMap<>();
    final Map<String, Signal> fileDirs = new HashMap<>();
    final List<BranchPrefix> fileNamePrefixes = new ArrayList<>();
    final Map<String, Signal> labels = new HashMap<>();
    Disclosure disclosure;
    final List<ToolAlias> toolAliases = new ArrayList<>();

    private final CatalogueLocations locations;
    private final Trust trust;

    CatalogueReader(String source, CatalogueLocations locations, SignalCatalogue base, Trust trust) {
        this.source = source;
        this.locations = locations;
        this.trust = trust;
        if (base != null) {
            seed(base);
        }
    }

    IllegalStateException fail(String where, String message) {
        return new IllegalStateException("signal catalogue " + source + ":" + locations.locate(where) + ": "
                + where + ": " + message);
    }

    /** Starts from a catalogue's contents, so that an extra file is checked against them. */
    private void seed(SignalCatalogue b) {
        version = b.version;
        suspectedMinWeakKinds = b.suspectedMinWeakKinds;
        signals.putAll(b.signals);
        bots.addAll(b.bots);
        botsById.putAll(b.botsById);
        botsByLogin.putAll(b.botsByLogin);
        machineUsers.putAll(b.machineUsers);
        botsByAppSlug.putAll(b.botsByAppSlug);
        botsByAppId.putAll(b.botsByAppId);
        coauthorIdentities.putAll(b.coauthorIdentities);
        exactEmails.putAll(b.exactEmails);
        domainEmails.putAll(b.domainEmails);
        nameSuffixes.addAll(b.nameSuffixes);
        coauthorNames.addAll(b.coauthorNames);
        coauthorKeys.addAll(b.coauthorKeys);
        b.trailersByKey.forEach((k, v) -> trailersByKey.put(k, new ArrayList<>(v)));
        trailerPrefixes.addAll(b.trailerPrefixes);
        negativeValues = b.negativeValues;
        b.markers.forEach((k, v) -> markers.put(k, new ArrayList<>(v)));
        branchPrefixes.addAll(b.branchPrefixes);
        fileNames.putAll(b.fileNames);
        fileDirs.putAll(b.fileDirs);
        fileNamePrefixes.addAll(b.fileNamePrefixes);
        labels.putAll(b.labels);
        disclosure = b.disclosure;
        toolAliases.addAll(b.toolAliases);
    }

    void read(Object rootObject) {
        Map<String, Object> root = map(rootObject, "top level");
        allowOnly(root, "top level", Set.of("catalogue_version", "suspected_min_weak_kinds", "tool_aliases", "bots",
                "emails", "name_suffixes", "coauthor_names", "coauthor_identities", "coauthor_keys", "trailers", "negative_values",
                "markers", "branch_prefixes", "config_files", "labels", "disclosure"));
        Object v = root.get("catalogue_version");
        if (!(v instanceof String s) || s.isBlank()) {
            throw fail("catalogue_version", "required, a quoted string such as \"2026.11.1\"");
        }
        version = s;
        if (root.containsKey("suspected_min_weak_kinds")) {
            Object n = root.get("suspected_min_weak_kinds");
            if (!(n instanceof Integer i) || i < 1) {
                throw fail("suspected_min_weak_kinds", "must be a whole number of at least 1");
            }
            suspectedMinWeakKinds = i;
        }
        readToolAliases(root.get("tool_aliases"));
        CatalogueIdentities.readBots(this, list(root, "bots", true));
        CatalogueIdentities.readEmails(this, list(root, "emails", true));
        readNameSuffixes(list(root, "name_suffixes", false));
        readCoauthorNames(list(root, "coauthor_names", false));
        CatalogueIdentities.readCoauthorIdentities(this, list(root, "coauthor_identities", false));
        for (Object k : list(root, "coauthor_keys", true)) {
            if (!(k instanceof String key) || key.isBlank()) {
                throw fail("coauthor_keys", "entries must be trailer keys");
            }
            coauthorKeys.add(key.toLowerCase(Locale.ROOT));
        }
        readTrailers(list(root, "trailers", true));
        negativeValues = regex(root.get("negative_values"), "negative_values", true);
        readMarkers(list(root, "markers", true));
        readBranchPrefixes(list(root, "branch_prefixes", false));
        readConfigFiles(list(root, "config_files", false));
        readLabels(list(root, "labels", false));
        readDisclosure(root.get("disclosure"));
    }

    void readToolAliases(Object node) {
        if (node == null) {
            return;
        }
        Map<String, Object> m = map(node, "tool_aliases");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!(e.getValue() instanceof List<?> aliases) || aliases.isEmpty()) {
                throw fail("tool_aliases." + e.getKey(), "must be a non-empty list of names");
            }
            for (Object a : aliases) {
                if (!(a instanceof String alias) || alias.isBlank()) {
                    throw fail("tool_aliases." + e.getKey(), "aliases must be non-empty strings");
                }
                toolAliases.add(new ToolAlias(e.getKey(),
                        Pattern.compile("(?<![\\w.])" + Pattern.quote(alias), Pattern.CASE_INSENSITIVE)));
            }
        }
    }

    void readNameSuffixes(List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "name_suffixes[" + i + "]";
            Map<String, Object> e = map(entries.get(i), where);
            allowOnly(e, where, Set.of("id", "tier", "tool", "source", "suffix"));
            Signal signal = signal(e, where, null, true);
            nameSuffixes.add(new NameSuffix(signal, string(e, "suffix", where, true)));
        }
    }

    void readCoauthorNames(List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "coauthor_names[" + i + "]";
            Map<String, Object> e = map(entries.get(i), where);
            allowOnly(e, where, Set.of("id", "tool", "source", "pattern", "needs"));
            Signal signal = signal(e, where, Tier.T3, true);
            coauthorNames.add(new NamePattern(signal, regex(e.get("pattern"), where + ".pattern", true),
                    needs(e, where + " (" + signal.id() + ")")));
        }
    }

    void readTrailers(List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "trailers[" + i + "]";
            Map<String, Object> e = map(entries.get(i), where);
            allowOnly(e, where, Set.of("id", "tier", "tool", "source", "key", "key_prefix", "value", "tool_from_value"));
            Signal signal = signal(e, where, null, true);
            where = where + " (" + signal.id() + ")";
            String key = string(e, "key", where, false);
            String prefix = string(e, "key_prefix", where, false);
            if ((key == null) == (prefix == null)) {
                throw fail(where, "give exactly one of key and key_prefix");
            }
            Object tfv = e.getOrDefault("tool_from_value", false);
            if (!(tfv instanceof Boolean toolFromValue)) {
                throw fail(where, "tool_from_value must be true or false");
            }
            TrailerRule rule = new TrailerRule(signal, (key != null ? key : prefix).toLowerCase(Locale.ROOT),
                    prefix != null, regex(e.get("value"), where + ".value", false), toolFromValue);
            if (prefix != null) {
                trailerPrefixes.add(rule);
            } else {
                trailersByKey.computeIfAbsent(rule.key(), k -> new ArrayList<>()).add(rule);
            }
        }
    }

    void readMarkers(List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "markers[" + i + "]";
            Map<String, Object> e = map(entries.get(i), where);
            allowOnly(e, where, Set.of("id", "tier", "tool", "source", "scope", "literal", "regex", "prefix", "needs"));
            Signal signal = signal(e, where, null, true);
            where = where + " (" + signal.id() + ")";
            String scopeText = string(e, "scope", where, true);
            Scope scope;
            try {
                scope = Scope.valueOf(scopeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw fail(where, "scope must be message, subject, raw_body or body, not '" + scopeText + "'");
            }
            String literal = string(e, "literal", where, false);
            Pattern regex = regex(e.get("regex"), where + ".regex", false);
            if ((literal == null) == (regex == null)) {
                throw fail(where, "give exactly one of literal and regex");
            }
            Object p = e.getOrDefault("prefix", false);
            if (!(p instanceof Boolean prefix) || (prefix && literal == null)) {
                throw fail(where, "prefix must be true or false, and only with literal");
            }
            List<String> needs = needs(e, where);
            if (literal != null && !needs.isEmpty()) {
                throw fail(where, "needs only goes with regex");
            }
            markers.computeIfAbsent(scope, s -> new ArrayList<>()).add(new Marker(signal, scope, literal, regex, prefix,
                    regex == null ? null : literalHint(regex.pattern()), needs));
        }
    }

    void readBranchPrefixes(List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "branch_prefixes[" + i + "]";
            Map<String, Object> e = map(entries.get(i), where);
            allowOnly(e, where, Set.of("id", "tool", "source", "prefix"));
            Signal signal = signal(e, where, Tier.T3, true);
            branchPrefixes.add(new BranchPrefix(signal, string(e, "prefix", where, true).toLowerCase(Locale.ROOT)));
        }
    }

    void readConfigFiles(List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "config_files[" + i + "]";
            Map<String, Object> e = map(entries.get(i), where);
            allowOnly(e, where, Set.of("id", "tool", "source", "names", "dirs", "name_prefixes"));
            Signal signal = signal(e, where, Tier.T3, true);
            where = where + " (" + signal.id() + ")";
            int count = 0;
            for (Object n : list(e, "names", false, where)) {
                putUnique(fileNames, text(n, where + ".names"), signal, where);
                count++;
            }
            for (Object n : list(e, "dirs", false, where)) {
                putUnique(fileDirs, text(n, where + ".dirs"), signal, where);
                count++;
            }
            for (Object n : list(e, "name_prefixes", false, where)) {
                fileNamePrefixes.add(new BranchPrefix(signal, text(n, where + ".name_prefixes")));
                count++;
            }
            if (count == 0) {
                throw fail(where, "give at least one of names, dirs and name_prefixes");
            }
        }
    }

    void readLabels(List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "labels[" + i + "]";
            Map<String, Object> e = map(entries.get(i), where);
            allowOnly(e, where, Set.of("id", "tool", "source", "names"));
            Signal signal = signal(e, where, Tier.T3, true);
            for (Object n : list(e, "names", true, where)) {
                putUnique(labels, text(n, where + ".names").toLowerCase(Locale.ROOT), signal, where);
            }
        }
    }

    private void readDisclosure(Object node) {
        Map<String, Object> e = map(node, "disclosure");
        allowOnly(e, "disclosure", Set.of("id", "ai", "affirm", "deny", "line_id", "line", "heading_id", "source"));
        String source = string(e, "source", "disclosure", true);
        Signal checkbox = register(new Signal(string(e, "id", "disclosure", true), Tier.T2, null, source), "disclosure");
        Signal line = register(new Signal(string(e, "line_id", "disclosure", true), Tier.T2, null, source), "disclosure");
        String headingId = string(e, "heading_id", "disclosure", false);
        Signal heading = headingId == null ? null : register(new Signal(headingId, Tier.T2, null, source), "disclosure");
        disclosure = new Disclosure(checkbox, line, heading, regex(e.get("ai"), "disclosure.ai", true),
                regex(e.get("affirm"), "disclosure.affirm", true), regex(e.get("deny"), "disclosure.deny", true),
                regex(e.get("line"), "disclosure.line", true));
    }

    /** Optional {@code needs}: lower-case words, one of which a text must hold for the regex to run. */
    private List<String> needs(Map<String, Object> e, String where) {
        List<String> out = new ArrayList<>();
        for (Object n : list(e, "needs", false, where)) {
            String word = text(n, where + ".needs");
            if (!word.equals(word.toLowerCase(Locale.ROOT))) {
                throw fail(where, "needs entries are matched against lower-cased text, so write them in lower case: '" + word + "'");
            }
            out.add(word);
        }
        return List.copyOf(out);
    }

    private void putUnique(Map<String, Signal> target, String key, Signal signal, String where) {
        Signal clash = target.put(key, signal);
        if (clash != null) {
            throw fail(where, "'" + key + "' is also listed by " + clash.id());
        }
    }

    /** Reads id/tier/tool/source; a fixed tier is not read from the entry. */
    Signal signal(Map<String, Object> e, String where, Tier fixedTier, boolean toolAllowed) {
        String id = string(e, "id", where, true);
        if (!id.matches("[a-z0-9]+(?:[.-][a-z0-9]+)*") || !id.contains(".")) {
            throw fail(where, "id '" + id + "' must look like kind.name (lower case, digits, dots, dashes)");
        }
        Tier tier = fixedTier;
        if (tier == null) {
            String t = string(e, "tier", where + " (" + id + ")", true);
            try {
                tier = Tier.valueOf(t);
            } catch (IllegalArgumentException ex) {
                throw fail(where + " (" + id + ")", "tier must be T1, T2 or T3, not '" + t + "'");
            }
            if (tier == Tier.T0 || tier == Tier.AUTOMATION || tier == Tier.REVIEWER) {
                throw fail(where + " (" + id + ")", "tier " + t
                        + " is reserved for bot accounts; text and e-mails can be forged, so at most T1");
            }
        } else if (e.containsKey("tier")) {
            throw fail(where + " (" + id + ")", "this section has a fixed tier (" + fixedTier + "); remove 'tier'");
        }
        String tool = string(e, "tool", where + " (" + id + ")", false);
        if (tool != null && !toolAllowed) {
            throw fail(where + " (" + id + ")", "automation has no AI tool");
        }
        String source = string(e, "source", where + " (" + id + ")", true);
        return register(new Signal(id, tier, tool, source), where);
    }

    private Signal register(Signal signal, String where) {
        if (signals.putIfAbsent(signal.id(), signal) != null) {
            throw fail(where, "id '" + signal.id() + "' is used twice");
        }
        return signal;
    }

    private Pattern regex(Object value, String where, boolean required) {
        if (value == null) {
            if (required) {
                throw fail(where, "a regular expression is required");
            }
            return null;
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            throw fail(where, "must be a non-empty regular expression string");
        }
        if (trust == Trust.REPOSITORY) {
            throw fail(where, "a repository's catalogue file may not hold regular expressions"
                    + " (their cost cannot be bounded); use literal text");
        }
        Optional<RegexBounds.Refusal> refused = RegexBounds.check(s);
        if (refused.isPresent()) {
            throw fail(where, refused.get().message() + " (near index " + refused.get().offset() + " in " + s + ")");
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException ex) {
            throw fail(where, "bad regular expression: " + ex.getDescription() + " near index " + ex.getIndex()
                    + " in " + s);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object node, String where) {
        if (!(node instanceof Map<?, ?> m)) {
            throw fail(where, "expected a mapping" + (node == null ? ", found nothing" : ""));
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw fail(where, "keys must be strings, found " + k);
            }
        }
        return (Map<String, Object>) m;
    }

    void allowOnly(Map<String, Object> m, String where, Set<String> keys) {
        for (String k : m.keySet()) {
            if (!keys.contains(k)) {
                throw fail(where, "unknown key '" + k + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
        }
    }

    List<Object> list(Map<String, Object> m, String key, boolean required) {
        return list(m, key, required, key);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(Map<String, Object> m, String key, boolean required, String where) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw fail(where, "'" + key + "' is required");
            }
            return List.of();
        }
        if (!(v instanceof List<?>)) {
            throw fail(where, "'" + key + "' must be a list");
        }
        return (List<Object>) v;
    }

    String string(Map<String, Object> m, String key, String where, boolean required) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw fail(where, "'" + key + "' is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isEmpty()) {
            throw fail(where, "'" + key + "' must be a non-empty string");
        }
        return s;
    }

    String text(Object v, String where) {
        if (!(v instanceof String s) || s.isBlank()) {
            throw fail(where, "entries must be non-empty strings");
        }
        return s;
    }

    /** Parses YAML text safely (no tags, no objects); a syntax error names its line and column. */
    static Object load(String yaml, String source) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            String at = e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
                    ? ":" + CatalogueLocations.format(m.getProblemMark()) : "";
            throw new IllegalStateException("signal catalogue " + source + (at.isEmpty() ? ":1:1" : at) + ": the text is not valid YAML: "
                    + e.getMessage().replace('\n', ' '), e);
        }
    }

    /**
     * The literal text a regular expression starts with, when it is simple enough to tell: no
     * inline flags, no alternation, and at least four plain or escaped characters before the first
     * operator. Null when there is none.
     */
    static String literalHint(String regex) {
        if (regex.startsWith("(?") || hasTopLevelAlternation(regex)) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    break;
                }
                char n = regex.charAt(i + 1);
                if (Character.isLetterOrDigit(n)) {
                    break; // \b, \d, \w ... are not literals
                }
                if (i + 2 < regex.length() && "?*+{".indexOf(regex.charAt(i + 2)) >= 0) {
                    break;
                }
                out.append(n);
                i++;
            } else if (".[](){}?*+^$".indexOf(c) >= 0) {
                if ("?*{".indexOf(c) >= 0 && out.length() > 0) {
                    out.setLength(out.length() - 1);
                }
                break;
            } else {
                if (i + 1 < regex.length() && "?*{".indexOf(regex.charAt(i + 1)) >= 0) {
                    break;
                }
                out.append(c);
            }
        }
        return out.length() >= 4 ? out.toString() : null;
    }

    private static boolean hasTopLevelAlternation(String regex) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}
