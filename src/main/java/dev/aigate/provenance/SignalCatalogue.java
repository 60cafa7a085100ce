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

    final String version;
    final int suspectedMinWeakKinds;
    final Map<String, Signal> signals;
    final List<Bot> bots;
    final Map<Long, Bot> botsById;
    final Map<String, Bot> botsByLogin;
    final Map<String, Bot> machineUsers;
    final Map<String, Bot> botsByAppSlug;
    final Map<Long, Bot> botsByAppId;
    final Map<String, Signal> coauthorIdentities;
    /** The lengths of those e-mails: most co-authors are ruled out without building a key. */
    final java.util.BitSet coauthorEmailLengths;
    final Map<String, EmailRule> exactEmails;
    final Map<String, EmailRule> domainEmails;
    final List<NameSuffix> nameSuffixes;
    final List<NamePattern> coauthorNames;
    final Set<String> coauthorKeys;
    final Map<String, List<TrailerRule>> trailersByKey;
    final List<TrailerRule> trailerPrefixes;
    final Pattern negativeValues;
    final Map<Scope, List<Marker>> markers;
    final List<BranchPrefix> branchPrefixes;
    final Map<String, Signal> fileNames;
    final Map<String, Signal> fileDirs;
    final boolean[] fileNameFirst;
    final boolean[] fileDirFirst;
    final java.util.BitSet fileNameLengths;
    final java.util.BitSet fileDirLengths;
    final List<BranchPrefix> fileNamePrefixes;
    final Map<String, Signal> labels;
    final Disclosure disclosure;
    final List<ToolAlias> toolAliases;

    private SignalCatalogue(CatalogueReader r) {
        this.version = r.version;
        this.suspectedMinWeakKinds = r.suspectedMinWeakKinds;
        this.signals = Collections.unmodifiableMap(r.signals);
        this.bots = List.copyOf(r.bots);
        this.botsById = Map.copyOf(r.botsById);
        this.botsByLogin = Map.copyOf(r.botsByLogin);
        this.machineUsers = Map.copyOf(r.machineUsers);
        this.botsByAppSlug = Map.copyOf(r.botsByAppSlug);
        this.botsByAppId = Map.copyOf(r.botsByAppId);
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
        CatalogueReader r = new CatalogueReader(source, CatalogueLocations.of(yaml), null, Trust.OPERATOR);
        r.read(CatalogueReader.load(yaml, source));
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
        CatalogueReader r = new CatalogueReader(source, CatalogueLocations.of(yaml), this, trust);
        CatalogueExtension.readExtra(r, CatalogueReader.load(yaml, source));
        return new SignalCatalogue(r);
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

    /**
     * The agent whose GitHub App created a pull request ({@code performed_via_github_app}): by App id,
     * then by slug as listed ({@code app_slugs}), then by the App's bot login {@code <slug>[bot]}.
     */
    Bot botByApp(String slug, long appId) {
        Bot bot = appId == 0 ? null : botsByAppId.get(appId);
        if (bot == null && slug != null) {
            String lower = slug.toLowerCase(Locale.ROOT);
            bot = botsByAppSlug.get(lower);
            if (bot == null) {
                bot = botsByLogin.get(lower + "[bot]");
            }
        }
        return bot;
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
    /** The tiers a policy may switch off with {@code disable_signals} (weak hints only). */
    static final Set<Tier> DISABLEABLE = EnumSet.of(Tier.T3);

    /** Every id, for documentation checks. */
    Collection<String> ids() {
        return signals.keySet();
    }
}
