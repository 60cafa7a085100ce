package dev.aigate.provenance;

import dev.aigate.patterns.RegexBounds;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The AI signal catalogue: the versioned table of logins, bot ids, e-mails, trailers, text markers,
 * branch prefixes, files and labels that {@link ProvenanceClassifier} looks for.
 *
 * <p>Loaded from YAML and validated once; every pattern is compiled and every exact string put in a
 * hash table here, so that classifying a pull request does no parsing or compiling. A broken
 * catalogue fails at load time with a message that names the entry.
 */
public final class SignalCatalogue {

    private static final String BUILT_IN_RESOURCE = "signals.yml";
    private static volatile SignalCatalogue builtIn;

    /** What a bot account is. */
    public enum BotKind { AGENT, REVIEWER, AUTOMATION }

    /** A GitHub App bot account (or a well-known machine user). */
    public record Bot(Signal signal, BotKind kind, Set<String> logins, Set<Long> ids) {
    }

    record EmailRule(Signal signal, boolean domain, String value) {
    }

    record NameSuffix(Signal signal, String suffix) {
    }

    record NamePattern(Signal signal, Pattern pattern, List<String> needs) {

        /** Whether {@code lower} (the text in lower case) holds one of the words the pattern needs. */
        boolean worthTrying(String lower) {
            return SignalCatalogue.containsAny(lower, needs);
        }
    }

    record TrailerRule(Signal signal, String key, boolean keyPrefix, Pattern value, boolean toolFromValue) {
    }

    enum Scope { MESSAGE, SUBJECT, RAW_BODY, BODY }

    /**
     * A text marker. {@code hint} is literal text that every match of {@code regex} contains, found
     * at load time, so that the regular expression only runs on text that could match.
     */
    record Marker(Signal signal, Scope scope, String literal, Pattern regex, boolean prefix, String hint,
                  List<String> needs) {

        /** Whether {@code lower} (the text in lower case) holds one of the words the regex needs. */
        boolean worthTrying(String lower) {
            return SignalCatalogue.containsAny(lower, needs);
        }


        /** Where the marker starts in {@code text}, or -1. */
        int find(String text) {
            if (literal != null) {
                if (prefix) {
                    return text.startsWith(literal) ? 0 : -1;
                }
                return text.indexOf(literal);
            }
            if (hint != null && text.indexOf(hint) < 0) {
                return -1;
            }
            Matcher m = regex.matcher(text);
            return m.find() ? m.start() : -1;
        }

        String matched(String text, int at) {
            if (literal != null) {
                return literal;
            }
            Matcher m = regex.matcher(text);
            return m.find(at) ? m.group() : "";
        }
    }

    record BranchPrefix(Signal signal, String prefix) {
    }

    record Disclosure(Signal checkbox, Signal line, Signal heading, Pattern ai, Pattern yes, Pattern no, Pattern linePattern) {
    }

    record ToolAlias(String tool, Pattern pattern) {
    }

    /** The largest extra catalogue file accepted (its text is held and scanned whole). */
    public static final int MAX_EXTRA_BYTES = 256 * 1024;

    /** How {@link #extend} treats an extra catalogue file. */
    public enum Trust {
        /** The operator's own file ({@code AIGATE_SIGNALS_FILE}): regular expressions allowed, bounded by RegexBounds. */
        OPERATOR,
        /** A file from a repository ({@code .github/ai-gate-signals.yml}): literal text only, no regular expressions. */
        REPOSITORY
    }

    private final String version;
    private final int suspectedMinWeakKinds;
    private final Map<String, Signal> signals;
    private final List<Bot> bots;
    private final Map<Long, Bot> botsById;
    private final Map<String, Bot> botsByLogin;
    private final Map<String, Bot> machineUsers;
    private final Map<String, Signal> coauthorIdentities;
    /** The lengths of those e-mails: most co-authors are ruled out without building a key. */
    private final java.util.BitSet coauthorEmailLengths;
    private final Map<String, EmailRule> exactEmails;
    private final Map<String, EmailRule> domainEmails;
    private final List<NameSuffix> nameSuffixes;
    private final List<NamePattern> coauthorNames;
    private final Set<String> coauthorKeys;
    private final Map<String, List<TrailerRule>> trailersByKey;
    private final List<TrailerRule> trailerPrefixes;
    private final Pattern negativeValues;
    private final Map<Scope, List<Marker>> markers;
    private final List<BranchPrefix> branchPrefixes;
    private final Map<String, Signal> fileNames;
    private final Map<String, Signal> fileDirs;
    private final boolean[] fileNameFirst;
    private final boolean[] fileDirFirst;
    private final java.util.BitSet fileNameLengths;
    private final java.util.BitSet fileDirLengths;
    private final List<BranchPrefix> fileNamePrefixes;
    private final Map<String, Signal> labels;
    private final Disclosure disclosure;
    private final List<ToolAlias> toolAliases;

    private SignalCatalogue(Reader r) {
        this.version = r.version;
        this.suspectedMinWeakKinds = r.suspectedMinWeakKinds;
        this.signals = Collections.unmodifiableMap(r.signals);
        this.bots = List.copyOf(r.bots);
        this.botsById = Map.copyOf(r.botsById);
        this.botsByLogin = Map.copyOf(r.botsByLogin);
        this.machineUsers = Map.copyOf(r.machineUsers);
        this.coauthorIdentities = Map.copyOf(r.coauthorIdentities);
        this.coauthorEmailLengths = new java.util.BitSet(512);
        for (String k : coauthorIdentities.keySet()) {
            coauthorEmailLengths.set(Math.min(k.length() - k.indexOf('\u0000') - 1, 511));
        }
        this.exactEmails = Map.copyOf(r.exactEmails);
        this.domainEmails = Map.copyOf(r.domainEmails);
        this.nameSuffixes = List.copyOf(r.nameSuffixes);
        this.coauthorNames = List.copyOf(r.coauthorNames);
        this.coauthorKeys = Set.copyOf(r.coauthorKeys);
        Map<String, List<TrailerRule>> byKey = new HashMap<>();
        r.trailersByKey.forEach((k, v) -> byKey.put(k, List.copyOf(v)));
        this.trailersByKey = Map.copyOf(byKey);
        this.trailerPrefixes = List.copyOf(r.trailerPrefixes);
        this.negativeValues = r.negativeValues;
        Map<Scope, List<Marker>> ms = new HashMap<>();
        for (Scope s : Scope.values()) {
            ms.put(s, List.copyOf(r.markers.getOrDefault(s, List.of())));
        }
        this.markers = Map.copyOf(ms);
        this.branchPrefixes = List.copyOf(r.branchPrefixes);
        this.fileNames = Map.copyOf(r.fileNames);
        this.fileDirs = Map.copyOf(r.fileDirs);
        this.fileNameFirst = firstChars(fileNames.keySet());
        this.fileDirFirst = firstChars(fileDirs.keySet());
        this.fileNameLengths = lengths(fileNames.keySet());
        this.fileDirLengths = lengths(fileDirs.keySet());
        this.fileNamePrefixes = List.copyOf(r.fileNamePrefixes);
        this.labels = Map.copyOf(r.labels);
        this.disclosure = r.disclosure;
        this.toolAliases = List.copyOf(r.toolAliases);
    }

    /**
     * The catalogue shipped in the jar ({@code dev/aigate/provenance/signals.yml}), loaded and
     * validated on first use and shared afterwards.
     *
     * @throws IllegalStateException when the built-in catalogue is missing or invalid
     */
    public static SignalCatalogue builtIn() {
        SignalCatalogue c = builtIn;
        if (c == null) {
            synchronized (SignalCatalogue.class) {
                c = builtIn;
                if (c == null) {
                    try (InputStream in = SignalCatalogue.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("signal catalogue " + BUILT_IN_RESOURCE
                                    + " is missing from the classpath (dev/aigate/provenance/)");
                        }
                        c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN_RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read signal catalogue " + BUILT_IN_RESOURCE, e);
                    }
                    builtIn = c;
                }
            }
        }
        return c;
    }

    /**
     * Loads and validates a catalogue from YAML text.
     *
     * @param yaml   the catalogue
     * @param source a name for error messages, e.g. the file name
     * @throws IllegalStateException naming the source and the bad entry when the catalogue is invalid
     */
    public static SignalCatalogue parse(String yaml, String source) {
        Reader r = new Reader(source, CatalogueLocations.of(yaml), null, Trust.OPERATOR);
        r.read(load(yaml, source));
        return new SignalCatalogue(r);
    }

    /**
     * This catalogue with the signals of an extra file added: same format, validated as strictly,
     * and no entry may repeat an id, login, bot id, e-mail, file or label the catalogue already has.
     * The file names itself ({@code catalogue_name: acme}, {@code catalogue_version: "3"}) and the
     * merged version says both: {@code 2026.12.1 + acme 3}.
     *
     * @throws IllegalStateException naming {@code source:line:col} and the entry when the file is invalid
     */
    public SignalCatalogue extend(String yaml, String source, Trust trust) {
        if (yaml.length() > MAX_EXTRA_BYTES) {
            throw new IllegalStateException("signal catalogue " + source + ":1:1: larger than " + MAX_EXTRA_BYTES / 1024 + " KiB");
        }
        Reader r = new Reader(source, CatalogueLocations.of(yaml), this, trust);
        CatalogueExtension.readExtra(r, load(yaml, source));
        return new SignalCatalogue(r);
    }

    private static Object load(String yaml, String source) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            String at = e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
                    ? ":" + CatalogueLocations.format(m.getProblemMark()) : "";
            throw new IllegalStateException("signal catalogue " + source + (at.isEmpty() ? ":1:1" : at) + ": the text is not valid YAML: "
                    + e.getMessage().replace('\n', ' '), e);
        }
    }

    public String version() {
        return version;
    }

    /** Every signal the catalogue defines, by id, in file order. */
    public Map<String, Signal> signals() {
        return signals;
    }

    public Optional<Signal> signal(String id) {
        return Optional.ofNullable(signals.get(id));
    }

    /** The bot accounts the catalogue knows (AI agents, AI reviewers, automation). */
    public List<Bot> bots() {
        return bots;
    }

    int suspectedMinWeakKinds() {
        return suspectedMinWeakKinds;
    }

    Bot botById(long id) {
        return id == 0 ? null : botsById.get(id);
    }

    Bot botByLogin(String lowerLogin) {
        return botsByLogin.get(lowerLogin);
    }

    /** An AI agent's machine account of type User ({@code openhands-agent}), by exact login. */
    Bot machineUser(String lowerLogin) {
        return machineUsers.get(lowerLogin);
    }

    /** A co-author line whose name and e-mail together are a tool's ({@code Copilot Autofix powered by AI}). */
    Signal coauthorIdentity(String name, String email) {
        if (coauthorIdentities.isEmpty() || !coauthorEmailLengths.get(Math.min(email.trim().length(), 511))) {
            return null;
        }
        return coauthorIdentities.get(name.trim().toLowerCase(Locale.ROOT) + '\u0000' + email.trim().toLowerCase(Locale.ROOT));
    }

    EmailRule exactEmail(String lowerEmail) {
        return exactEmails.get(lowerEmail);
    }

    EmailRule domainEmail(String lowerDomain) {
        return domainEmails.get(lowerDomain);
    }

    List<NameSuffix> nameSuffixes() {
        return nameSuffixes;
    }

    List<NamePattern> coauthorNames() {
        return coauthorNames;
    }

    boolean isCoauthorKey(String lowerKey) {
        return coauthorKeys.contains(lowerKey);
    }

    List<TrailerRule> trailers(String lowerKey) {
        return trailersByKey.getOrDefault(lowerKey, List.of());
    }

    List<TrailerRule> trailerPrefixes() {
        return trailerPrefixes;
    }

    boolean isNegative(String value) {
        return negativeValues.matcher(value.trim()).matches();
    }

    List<Marker> markers(Scope scope) {
        return markers.get(scope);
    }

    List<BranchPrefix> branchPrefixes() {
        return branchPrefixes;
    }

    /** A config file name, at any depth: {@code path.substring(from)}. */
    Signal fileName(String path, int from) {
        int len = path.length() - from;
        if (len <= 0 || len >= 256 || !fileNameLengths.get(len) || !firstChar(fileNameFirst, path.charAt(from))) {
            return null;
        }
        return fileNames.get(path.substring(from));
    }

    /** A config directory name: {@code path.substring(from, to)}. */
    Signal fileDir(String path, int from, int to) {
        int len = to - from;
        if (len <= 0 || len >= 256 || !fileDirLengths.get(len) || !firstChar(fileDirFirst, path.charAt(from))) {
            return null;
        }
        return fileDirs.get(path.substring(from, to));
    }

    private static boolean firstChar(boolean[] table, char c) {
        return c >= table.length || table[c];
    }

    private static boolean[] firstChars(Set<String> keys) {
        boolean[] t = new boolean[128];
        for (String k : keys) {
            char c = k.charAt(0);
            if (c < 128) {
                t[c] = true;
            }
        }
        return t;
    }

    private static java.util.BitSet lengths(Set<String> keys) {
        java.util.BitSet b = new java.util.BitSet(256);
        for (String k : keys) {
            b.set(Math.min(k.length(), 255));
        }
        return b;
    }

    List<BranchPrefix> fileNamePrefixes() {
        return fileNamePrefixes;
    }

    Signal label(String lowerLabel) {
        return labels.get(lowerLabel);
    }

    Disclosure disclosure() {
        return disclosure;
    }

    static boolean containsAny(String lower, List<String> words) {
        if (words.isEmpty()) {
            return true;
        }
        for (String w : words) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The tool named earliest in free text (an Assisted-by value, a co-author name), or null. */
    String toolIn(String text) {
        String best = null;
        int bestAt = Integer.MAX_VALUE;
        for (ToolAlias a : toolAliases) {
            Matcher m = a.pattern().matcher(text);
            if (m.find() && m.start() < bestAt) {
                bestAt = m.start();
                best = a.tool();
            }
        }
        return best;
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

    /** Reads and validates the YAML tree; every problem names its place. */
    static final class Reader {
        private final String source;
        String version;

        int suspectedMinWeakKinds = 2;
        final Map<String, Signal> signals = new LinkedHashMap<>();
        final List<Bot> bots = new ArrayList<>();
        final Map<Long, Bot> botsById = new HashMap<>();
        final Map<String, Bot> botsByLogin = new HashMap<>();
        final Map<String, Bot> machineUsers = new HashMap<>();
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

        Reader(String source, CatalogueLocations locations, SignalCatalogue base, Trust trust) {
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
            readBots(list(root, "bots", true));
            readEmails(list(root, "emails", true));
            readNameSuffixes(list(root, "name_suffixes", false));
            readCoauthorNames(list(root, "coauthor_names", false));
            CatalogueExtension.readCoauthorIdentities(this, list(root, "coauthor_identities", false));
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

        void readBots(List<Object> entries) {
            for (int i = 0; i < entries.size(); i++) {
                String where = "bots[" + i + "]";
                Map<String, Object> e = map(entries.get(i), where);
                allowOnly(e, where, Set.of("id", "kind", "tool", "source", "logins", "user_logins", "ids"));
                String kindText = string(e, "kind", where, true);
                BotKind kind;
                try {
                    kind = BotKind.valueOf(kindText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException ex) {
                    throw fail(where, "kind must be agent, reviewer or automation, not '" + kindText + "'");
                }
                Tier tier = switch (kind) {
                    case AGENT -> Tier.T0;
                    case REVIEWER -> Tier.REVIEWER;
                    case AUTOMATION -> Tier.AUTOMATION;
                };
                Signal signal = signal(e, where, tier, kind != BotKind.AUTOMATION);
                where = where + " (" + signal.id() + ")";
                Set<String> logins = new java.util.LinkedHashSet<>();
                for (Object l : list(e, "logins", true, where)) {
                    if (!(l instanceof String login) || login.isBlank()) {
                        throw fail(where, "logins must be non-empty strings");
                    }
                    logins.add(login.toLowerCase(Locale.ROOT));
                }
                Set<Long> ids = new java.util.LinkedHashSet<>();
                for (Object n : list(e, "ids", false, where)) {
                    if (!(n instanceof Number num) || num.longValue() <= 0) {
                        throw fail(where, "ids must be positive numeric account ids, not '" + n + "'");
                    }
                    ids.add(num.longValue());
                }
                Bot bot = new Bot(signal, kind, Set.copyOf(logins), Set.copyOf(ids));
                for (String login : logins) {
                    Bot clash = botsByLogin.put(login, bot);
                    if (clash != null) {
                        throw fail(where, "login '" + login + "' is also listed by " + clash.signal().id());
                    }
                }
                for (Long id : ids) {
                    Bot clash = botsById.put(id, bot);
                    if (clash != null) {
                        throw fail(where, "id " + id + " is also listed by " + clash.signal().id());
                    }
                }
                // Machine accounts of type User with no [bot] suffix (openhands-agent): AI agents only,
                // matched by exact login, since a login is unique on GitHub.
                for (Object l : list(e, "user_logins", false, where)) {
                    if (!(l instanceof String login) || login.isBlank() || login.endsWith("[bot]")) {
                        throw fail(where, "user_logins must be logins of User accounts, without [bot]");
                    }
                    if (kind != BotKind.AGENT) {
                        throw fail(where, "user_logins are only for AI agents");
                    }
                    String lower = login.toLowerCase(Locale.ROOT);
                    if (botsByLogin.containsKey(lower) || machineUsers.put(lower, bot) != null) {
                        throw fail(where, "login '" + lower + "' is listed twice");
                    }
                }
                bots.add(bot);
            }
        }

        void readEmails(List<Object> entries) {
            for (int i = 0; i < entries.size(); i++) {
                String where = "emails[" + i + "]";
                Map<String, Object> e = map(entries.get(i), where);
                allowOnly(e, where, Set.of("id", "tier", "tool", "source", "match", "value"));
                Signal signal = signal(e, where, null, true);
                where = where + " (" + signal.id() + ")";
                String match = string(e, "match", where, true);
                String value = string(e, "value", where, true).toLowerCase(Locale.ROOT);
                switch (match) {
                    case "exact" -> {
                        if (!value.contains("@")) {
                            throw fail(where, "an exact e-mail needs an @");
                        }
                        if (exactEmails.put(value, new EmailRule(signal, false, value)) != null) {
                            throw fail(where, "e-mail '" + value + "' is listed twice");
                        }
                    }
                    case "domain" -> {
                        if (value.contains("@") || !value.contains(".") || value.endsWith("noreply.github.com")
                                || value.equals("github.com")) {
                            throw fail(where, "'" + value + "' is not an AI-only domain");
                        }
                        if (domainEmails.put(value, new EmailRule(signal, true, value)) != null) {
                            throw fail(where, "domain '" + value + "' is listed twice");
                        }
                    }
                    default -> throw fail(where, "match must be exact or domain, not '" + match + "'");
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
        private List<Object> list(Map<String, Object> m, String key, boolean required, String where) {
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

        private String text(Object v, String where) {
            if (!(v instanceof String s) || s.isBlank()) {
                throw fail(where, "entries must be non-empty strings");
            }
            return s;
        }
    }

    /** The tiers a policy may switch off with {@code disable_signals} (weak hints only). */
    static final Set<Tier> DISABLEABLE = EnumSet.of(Tier.T3);

    /** Every id, for documentation checks. */
    Collection<String> ids() {
        return signals.keySet();
    }
}
