package dev.aigate.provenance;

import dev.aigate.provenance.SignalCatalogue.Bot;
import dev.aigate.provenance.SignalCatalogue.BotKind;
import dev.aigate.provenance.SignalCatalogue.BranchPrefix;
import dev.aigate.provenance.SignalCatalogue.Disclosure;
import dev.aigate.provenance.SignalCatalogue.EmailRule;
import dev.aigate.provenance.SignalCatalogue.Marker;
import dev.aigate.provenance.SignalCatalogue.NamePattern;
import dev.aigate.provenance.SignalCatalogue.NameSuffix;
import dev.aigate.provenance.SignalCatalogue.Scope;
import dev.aigate.provenance.SignalCatalogue.TrailerRule;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.Review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * Decides where a pull request came from, with the evidence for it.
 *
 * <p>Pure: the same snapshot, settings and catalogue always give the same answer. The catalogue is
 * compiled once, before the first pull request; a policy's additions are compiled once per policy.
 *
 * <p>The class comes from the strongest evidence: a known AI agent account as PR author
 * ({@link ProvenanceClass#AGENT}), a tool-written marker ({@link ProvenanceClass#ASSISTED}), a
 * human declaration ({@link ProvenanceClass#DECLARED}), automation as PR author
 * ({@link ProvenanceClass#AUTOMATION}), weak hints of enough different kinds
 * ({@link ProvenanceClass#SUSPECTED}), else {@link ProvenanceClass#NONE}: no AI markers.
 *
 * <p>Asymmetry: nothing in the pull request lowers the class. A ticked "no AI was used" box or an
 * {@code Assisted-by: none} trailer is recorded as a note, never as evidence. Only the base-branch
 * policy can switch signals off. When GitHub truncated the commit list the result is never NONE.
 */
public final class ProvenanceClassifier {

    private static final int MAX_MATCHED = 160;
    /** Rows listed per signal; further matches are counted in a note (a 250-commit agent PR). */
    static final int MAX_ROWS_PER_SIGNAL = 20;

    private static final Signal POLICY_AGENT = new Signal("agent.policy", Tier.T0, null, "policy: provenance.agents");
    private static final Signal POLICY_AGENT_COMMIT = new Signal("agent.policy", Tier.T1, null, "policy: provenance.agents");
    private static final Signal POLICY_EMAIL = new Signal("email.policy", Tier.T1, null, "policy: provenance.emails");
    private static final Signal POLICY_TRAILER = new Signal("trailer.policy", Tier.T1, null, "policy: provenance.trailers");
    private static final Signal POLICY_LABEL = new Signal("declared.label", Tier.T2, null, "policy: provenance.declared_label");
    private static final Signal POLICY_BRANCH = new Signal("branch.policy", Tier.T3, null, "policy: provenance.branch_prefixes");
    private static final Signal INCOMPLETE = new Signal("incomplete.commits", Tier.T3, null, "GitHub lists at most 250 commits");

    private final SignalCatalogue catalogue;
    private volatile CompiledSettings lastSettings;

    public ProvenanceClassifier(SignalCatalogue catalogue) {
        this.catalogue = java.util.Objects.requireNonNull(catalogue, "catalogue");
    }

    public String catalogueVersion() {
        return catalogue.version();
    }

    public SignalCatalogue catalogue() {
        return catalogue;
    }

    /**
     * What is wrong with a policy's provenance settings against this catalogue: unknown signal
     * ids, strong signals in {@code disable_signals}, e-mail entries that would match people.
     * The same messages appear in every result's notes; a policy validator can show them early.
     */
    public List<String> checkSettings(ProvenanceSettings settings) {
        return List.copyOf(compile(settings == null ? ProvenanceSettings.DEFAULT : settings).notes);
    }

    public ProvenanceResult classify(PullRequestSnapshot pr, ProvenanceSettings settings) {
        CompiledSettings policy = compile(settings == null ? ProvenanceSettings.DEFAULT : settings);
        Run run = new Run(policy);

        boolean automationAuthor = author(pr.author(), run, policy);
        Bot viaApp = botFor(pr.people().viaApp());
        if (viaApp != null && viaApp.kind() != BotKind.AUTOMATION) {
            // GitHub says which App created the pull request: attested, whoever the author is.
            run.add(viaApp.signal(), Tier.T0, viaApp.signal().tool(), "pr.performed_via_github_app",
                    describe(pr.people().viaApp()), false);
        }
        int strongCommits = 0;
        for (CommitInfo c : pr.commits()) {
            if (commit(c, run, policy)) {
                strongCommits++;
            }
        }
        body(pr.body(), run);
        branch(pr.head() == null ? null : pr.head().ref(), run, policy);
        labels(pr.labels(), run, policy);
        files(pr.files(), run);
        reviews(pr.reviews(), run);

        boolean truncated = pr.commitsTruncated() || pr.commitsCount() > pr.commits().size();
        if (truncated) {
            run.evidence.add(new Evidence(Tier.T3, INCOMPLETE.id(), null, "pr.commits",
                    "GitHub listed only " + pr.commits().size() + " of "
                            + Math.max(pr.commitsCount(), pr.commits().size()) + "+ commits; the rest were not seen",
                    false));
        }
        if (pr.filesTruncated()) {
            run.notes.add("GitHub listed only " + pr.files().size() + " of " + pr.changedFilesCount()
                    + " changed files; AI configuration files among the rest were not seen.");
        }

        Tier strongest = null;
        Set<String> weakKinds = new TreeSet<>();
        for (Evidence e : run.evidence) {
            switch (e.tier()) {
                case T0, T1, T2 -> strongest = strongest == null || e.tier().compareTo(strongest) < 0 ? e.tier() : strongest;
                case T3 -> {
                    if (!INCOMPLETE.id().equals(e.signalId())) {
                        weakKinds.add(kindOf(e.signalId()));
                    }
                }
                default -> { }
            }
        }
        ProvenanceClass cls;
        if (strongest == Tier.T0) {
            cls = ProvenanceClass.AGENT;
        } else if (strongest == Tier.T1) {
            cls = ProvenanceClass.ASSISTED;
        } else if (strongest == Tier.T2) {
            cls = ProvenanceClass.DECLARED;
        } else if (automationAuthor) {
            cls = ProvenanceClass.AUTOMATION;
        } else if (weakKinds.size() >= catalogue.suspectedMinWeakKinds()) {
            cls = ProvenanceClass.SUSPECTED;
        } else if (truncated) {
            cls = ProvenanceClass.SUSPECTED;
            run.notes.add("Not every commit was seen, so the result is at least 'suspected' (fail closed).");
        } else {
            cls = ProvenanceClass.NONE;
            if (!weakKinds.isEmpty()) {
                run.notes.add("Weak hints of " + weakKinds.size() + " kind (" + String.join(", ", weakKinds)
                        + ") found; 'suspected' needs " + catalogue.suspectedMinWeakKinds() + " different kinds.");
            }
        }

        Set<String> tools = new TreeSet<>();
        boolean weakCounts = cls == ProvenanceClass.SUSPECTED;
        for (Evidence e : run.evidence) {
            if (e.tool() != null && (e.tier().compareTo(Tier.T2) <= 0 || (weakCounts && e.tier() == Tier.T3))) {
                tools.add(e.tool());
            }
        }
        run.evidence.sort(Comparator.comparing(Evidence::tier));
        run.finishSuppressed();
        double share = pr.commits().isEmpty() ? 0 : (double) strongCommits / pr.commits().size();
        List<String> claims = run.notes.stream().filter(n -> n.startsWith("pr.body line") && n.contains(" a claim "))
                .map(n -> n.substring(0, n.indexOf(':'))).toList();
        return new ProvenanceResult(cls, run.evidence, share, tools, !truncated, catalogue.version(), run.notes,
                Initiators.find(pr, catalogue, cls), claims);
    }

    /**
     * The classes a pull request classified as {@code seen} could have once the commits or files that
     * GitHub did not list are counted too. Evidence only adds up, so the class can only rise, and
     * only so far: {@link Tier#T0} comes from the pull request's author account alone, a commit adds
     * at most T1 ({@link ProvenanceClass#ASSISTED}), a config file only T3. {@code suspected} may stand
     * for {@code none} when it was raised because commits were unseen.
     */
    public static Set<ProvenanceClass> possibleClasses(ProvenanceClass seen, boolean commitsCut, boolean filesCut) {
        Set<ProvenanceClass> out = java.util.EnumSet.of(seen);
        if (seen == ProvenanceClass.AGENT) {
            return out;
        }
        if (commitsCut) {
            if (seen.compareTo(ProvenanceClass.ASSISTED) > 0) {
                out.add(ProvenanceClass.ASSISTED);
            }
            if (seen.compareTo(ProvenanceClass.DECLARED) > 0) {
                out.add(ProvenanceClass.DECLARED);
            }
            if (seen == ProvenanceClass.SUSPECTED) {
                out.add(ProvenanceClass.NONE);
            }
        }
        if ((commitsCut || filesCut) && seen == ProvenanceClass.NONE) {
            out.add(ProvenanceClass.SUSPECTED); // weak hints of a second kind
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // PR author and reviews

    /** Returns whether the author is known non-AI automation. */
    private boolean author(Actor author, Run run, CompiledSettings policy) {
        if (author == null) {
            return false;
        }
        String where = "pr.user";
        String who = describe(author);
        if (policy.isAgent(author)) {
            run.add(POLICY_AGENT, Tier.T0, null, where, who, false);
        }
        Bot bot = botFor(author);
        if (bot == null) {
            return false;
        }
        if (bot.kind() == BotKind.AUTOMATION) {
            run.add(bot.signal(), Tier.AUTOMATION, null, where, who, false);
            return true;
        }
        // Any AI app account opening the PR is attested agent authorship, reviewers included.
        run.add(bot.signal(), Tier.T0, bot.signal().tool(), where, who, false);
        return false;
    }

    private void reviews(List<Review> reviews, Run run) {
        Set<String> seen = new HashSet<>();
        for (Review r : reviews) {
            Bot bot = botFor(r.reviewer());
            if (bot != null && bot.kind() != BotKind.AUTOMATION && seen.add(bot.signal().id())) {
                run.add(bot.signal(), Tier.REVIEWER, bot.signal().tool(), "review " + r.id(),
                        describe(r.reviewer()) + " " + r.state(), false);
            }
        }
    }

    /**
     * The catalogue bot for an account: by numeric id first (ids survive renames); else by exact
     * login, and only for an account that is a bot (a {@code [bot]} login, or type Bot for the
     * GraphQL form without the suffix). A user called "claude" is not claude[bot].
     */
    private Bot botFor(Actor a) {
        if (a == null) {
            return null;
        }
        Bot bot = catalogue.botById(a.id());
        if (bot != null) {
            return bot;
        }
        String login = a.normalizedLogin();
        if (login.isEmpty()) {
            return null;
        }
        boolean typedBot = "Bot".equalsIgnoreCase(a.type());
        if (login.endsWith("[bot]") || typedBot) {
            bot = catalogue.botByLogin(login);
            if (bot == null && typedBot && !login.endsWith("[bot]")) {
                bot = catalogue.botByLogin(login + "[bot]");
            }
            return bot;
        }
        // Machine users without the suffix (semantic-release-bot, snyk-bot) are type User; a
        // login is unique on GitHub, but only automation is matched this way, and AI agents only
        // when the catalogue lists the login as an agent's machine account (openhands-agent).
        bot = catalogue.botByLogin(login);
        return bot != null && bot.kind() == BotKind.AUTOMATION ? bot : catalogue.machineUser(login);
    }

    // ---------------------------------------------------------------------------------------------
    // Commits

    /** Looks at one commit; returns whether it carries a strong (T0/T1) marker. */
    private boolean commit(CommitInfo c, Run run, CompiledSettings policy) {
        String sha = shortSha(c.sha());
        run.beginCommit();
        identity(c.author(), c.authorAccount(), "commit " + sha + " author", run, policy);
        if (!sameIdentity(c.author(), c.committer()) || !sameAccount(c.authorAccount(), c.committerAccount())) {
            identity(c.committer(), c.committerAccount(), "commit " + sha + " committer", run, policy);
        }
        String message = c.message() == null ? "" : c.message();
        for (CommitTrailers.Trailer t : CommitTrailers.parse(message)) {
            trailer(t, "commit " + sha + " trailer line " + t.line(), run, policy);
        }
        if (!message.isEmpty()) {
            for (Marker m : catalogue.markers(Scope.MESSAGE)) {
                int at = m.find(message);
                if (at >= 0) {
                    run.add(m.signal(), "commit " + sha + " message line " + PullRequestBody.lineOf(message, at),
                            m.matched(message, at), true);
                }
            }
            int nl = message.indexOf('\n');
            String subject = nl < 0 ? message : message.substring(0, nl);
            for (Marker m : catalogue.markers(Scope.SUBJECT)) {
                int at = m.find(subject);
                if (at >= 0) {
                    run.add(m.signal(), "commit " + sha + " subject", subject, true);
                }
            }
        }
        return run.endCommit();
    }

    private void identity(GitIdentity id, Actor account, String where, Run run, CompiledSettings policy) {
        if (account != null && account != Actor.UNKNOWN) {
            Bot bot = botFor(account);
            if (bot != null && bot.kind() != BotKind.AUTOMATION) {
                run.add(bot.signal(), Tier.T1, bot.signal().tool(), where + " account", describe(account), true);
            }
            if (policy.isAgent(account)) {
                run.add(POLICY_AGENT_COMMIT, Tier.T1, null, where + " account", describe(account), true);
            }
        }
        if (id == null) {
            return;
        }
        if (id.email() != null) {
            email(id.email(), where, id, run, policy);
        }
        if (id.name() != null) {
            for (NameSuffix s : catalogue.nameSuffixes()) {
                if (id.name().endsWith(s.suffix())) {
                    run.add(s.signal(), where + " name", format(id), true);
                }
            }
        }
    }

    /** Matches an e-mail; returns whether anything matched. */
    private boolean email(String rawEmail, String where, Object shown, Run run, CompiledSettings policy) {
        String email = rawEmail.trim().toLowerCase(Locale.ROOT);
        boolean hit = false;
        EmailRule rule = catalogue.exactEmail(email);
        int at = email.lastIndexOf('@');
        if (rule == null && at > 0) {
            rule = catalogue.domainEmail(email.substring(at + 1));
        }
        if (rule != null) {
            run.add(rule.signal(), where, text(shown), true);
            hit = true;
        } else if (email.endsWith("@" + NoreplyAddress.DOMAIN)) {
            Bot bot = noreplyBot(email);
            if (bot != null && bot.kind() != BotKind.AUTOMATION) {
                run.add(bot.signal(), Tier.T1, bot.signal().tool(), where, text(shown), true);
                hit = true;
            }
        }
        if (policy.isEmail(email, at)) {
            run.add(POLICY_EMAIL, where, text(shown), true);
            hit = true;
        }
        return hit;
    }

    /**
     * A bot noreply address, {@code <id>+<login>@users.noreply.github.com}: the id decides, but an
     * AI agent's login is taken even beside another id (claude-code-action commits as
     * {@code 41898282+claude[bot]}, github-actions' id). A login without {@code [bot]} and an unknown
     * id may be a person, so it does not match.
     */
    private Bot noreplyBot(String email) {
        NoreplyAddress address = NoreplyAddress.parse(email).orElse(null);
        if (address == null) {
            return null;
        }
        Bot byId = address.id() == null ? null : catalogue.botById(address.id());
        if (byId != null && byId.kind() != BotKind.AUTOMATION) {
            return byId;
        }
        if (address.bot()) {
            Bot byLogin = catalogue.botByLogin(address.login());
            if (byLogin != null) {
                return byLogin;
            }
        }
        return byId;
    }

    private void trailer(CommitTrailers.Trailer t, String where, Run run, CompiledSettings policy) {
        String text = t.key() + ": " + t.value();
        if (catalogue.isCoauthorKey(t.lowerKey())) {
            coAuthor(t.value(), where, text, run, policy);
            return;
        }
        for (TrailerRule rule : catalogue.trailers(t.lowerKey())) {
            trailerRule(rule, t, where, text, run);
        }
        for (TrailerRule rule : catalogue.trailerPrefixes()) {
            if (t.lowerKey().startsWith(rule.key())) {
                trailerRule(rule, t, where, text, run);
            }
        }
        if (policy.trailers.contains(t.lowerKey())) {
            run.add(POLICY_TRAILER, where, text, true);
        }
    }

    private void trailerRule(TrailerRule rule, CommitTrailers.Trailer t, String where, String text, Run run) {
        if (rule.value() != null && !rule.value().matcher(t.value()).find()) {
            return;
        }
        if (rule.signal().tier() == Tier.T2 && catalogue.isNegative(t.value())) {
            run.notes.add(where + ": '" + shorten(text) + "' claims no AI use; a claim cannot lower the class.");
            return;
        }
        String tool = rule.toolFromValue() ? catalogue.toolIn(t.value()) : rule.signal().tool();
        run.add(rule.signal(), rule.signal().tier(), tool, where, text, true);
    }

    private void coAuthor(String value, String where, String text, Run run, CompiledSettings policy) {
        CoAuthor coAuthor = CoAuthor.parse(value, 0);
        String name = coAuthor.name();
        if (coAuthor.email() != null) {
            Signal pair = catalogue.coauthorIdentity(name, coAuthor.email());
            if (pair != null) {
                run.add(pair, where, text, true);
                return;
            }
            if (email(coAuthor.email(), where, text, run, policy)) {
                return;
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (NamePattern p : catalogue.coauthorNames()) {
            if (p.worthTrying(lower) && p.pattern().matcher(name).matches()) {
                run.add(p.signal(), where, text, true);
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Body, branch, labels, files

    private void body(String text, Run run) {
        if (text == null || text.isEmpty()) {
            return;
        }
        PullRequestBody body = new PullRequestBody(text);
        // A tool's footer quoted in code (maintainers quote them to ban them) is not tool output.
        String raw = PullRequestBody.withoutCode(body.raw());
        String visible = PullRequestBody.withoutCode(body.visible());
        marker(Scope.RAW_BODY, raw, run);
        marker(Scope.BODY, visible, run);
        if (raw != body.raw() || visible != body.visible()) {
            BodyDeclarations.quoted(catalogue, body, raw, visible, run.notes);
        }
        Disclosure d = catalogue.disclosure();
        if (visible.indexOf('[') >= 0) {
            Matcher m = PullRequestBody.TICKED.matcher(visible);
            while (m.find()) {
                String box = m.group(1).trim();
                if (!d.ai().matcher(box).find()) {
                    continue;
                }
                String where = "pr.body line " + PullRequestBody.lineOf(visible, m.start());
                if (d.no().matcher(box).find()) {
                    run.notes.add(where + ": ticked '" + shorten(box)
                            + "' claims no AI use; a claim is recorded but cannot lower the class.");
                } else if (d.yes().matcher(box).find()) {
                    run.add(d.checkbox(), Tier.T2, catalogue.toolIn(box), where, "[x] " + box, true);
                }
            }
        }
        Matcher line = d.linePattern().matcher(visible);
        while (line.find()) {
            String answer = line.group(1).replaceAll("[*_`]", "").trim();
            String where = "pr.body line " + PullRequestBody.lineOf(visible, line.start());
            if (answer.isEmpty() || !Character.isLetterOrDigit(answer.codePointAt(0))) {
                continue;
            }
            if (catalogue.isNegative(answer) || d.no().matcher(answer).lookingAt()) {
                run.notes.add(where + ": '" + shorten(line.group().trim())
                        + "' claims no AI use; a claim is recorded but cannot lower the class.");
            } else {
                run.add(d.line(), Tier.T2, catalogue.toolIn(answer), where, line.group().trim(), true);
            }
        }
        BodyDeclarations.read(catalogue, visible, new BodyDeclarations.Sink() {
            @Override
            public void declare(Signal s, String tool, String where, String matched) {
                run.add(s, Tier.T2, tool, where, matched, true);
            }

            @Override
            public void claim(String note) {
                run.notes.add(note);
            }
        });
    }

    private void marker(Scope scope, String text, Run run) {
        String lower = null;
        for (Marker m : catalogue.markers(scope)) {
            if (!m.needs().isEmpty()) {
                if (lower == null) {
                    lower = text.toLowerCase(Locale.ROOT);
                }
                if (!m.worthTrying(lower)) {
                    continue;
                }
            }
            int at = m.find(text);
            if (at >= 0) {
                run.add(m.signal(), "pr.body line " + PullRequestBody.lineOf(text, at), m.matched(text, at), true);
            }
        }
    }

    private void branch(String ref, Run run, CompiledSettings policy) {
        if (ref == null || ref.isEmpty()) {
            return;
        }
        String lower = ref.toLowerCase(Locale.ROOT);
        for (BranchPrefix p : catalogue.branchPrefixes()) {
            if (lower.startsWith(p.prefix())) {
                run.add(p.signal(), "head.ref", ref, true);
            }
        }
        for (String p : policy.branchPrefixes) {
            if (lower.startsWith(p)) {
                run.add(POLICY_BRANCH, "head.ref", ref, true);
                break;
            }
        }
    }

    private void labels(List<String> labels, Run run, CompiledSettings policy) {
        for (String label : labels) {
            String lower = label.toLowerCase(Locale.ROOT);
            Signal s = catalogue.label(lower);
            if (s != null) {
                run.add(s, "pr.labels", label, true);
            }
            if (lower.equals(policy.declaredLabel)) {
                run.add(POLICY_LABEL, "pr.labels", label, true);
            }
        }
    }

    private void files(List<ChangedFile> files, Run run) {
        Map<String, String> first = new LinkedHashMap<>();
        Map<String, Integer> count = new HashMap<>();
        Map<String, Signal> signals = new HashMap<>();
        for (ChangedFile f : files) {
            Signal s = configFile(f.filename());
            if (s == null && f.previousFilename() != null) {
                s = configFile(f.previousFilename());
            }
            if (s != null) {
                first.putIfAbsent(s.id(), f.filename());
                count.merge(s.id(), 1, Integer::sum);
                signals.putIfAbsent(s.id(), s);
            }
        }
        for (Map.Entry<String, String> e : first.entrySet()) {
            int n = count.get(e.getKey());
            run.add(signals.get(e.getKey()), "file " + e.getValue(),
                    e.getValue() + (n > 1 ? " (+" + (n - 1) + " more)" : ""), true);
        }
    }

    private Signal configFile(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        Signal s = catalogue.fileName(path, slash + 1);
        if (s != null) {
            return s;
        }
        List<BranchPrefix> prefixes = catalogue.fileNamePrefixes();
        for (int i = 0; i < prefixes.size(); i++) {
            if (path.startsWith(prefixes.get(i).prefix(), slash + 1)) {
                return prefixes.get(i).signal();
            }
        }
        int start = 0;
        while (start < slash) {
            int next = path.indexOf('/', start);
            if (next > start) {
                s = catalogue.fileDir(path, start, next);
                if (s != null) {
                    return s;
                }
            }
            start = next + 1;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Policy settings

    private CompiledSettings compile(ProvenanceSettings settings) {
        CompiledSettings c = lastSettings;
        if (c != null && c.source == settings) {
            return c;
        }
        c = new CompiledSettings(settings, catalogue);
        lastSettings = c;
        return c;
    }

    /** The policy's provenance block, checked against the catalogue and put in hash tables. */
    private static final class CompiledSettings {
        final ProvenanceSettings source;
        final Set<String> agentLogins = new HashSet<>();
        final Set<Long> agentIds = new HashSet<>();
        final Set<String> emails = new HashSet<>();
        final Set<String> domains = new HashSet<>();
        final Set<String> trailers = new HashSet<>();
        final List<String> branchPrefixes = new ArrayList<>();
        final String declaredLabel;
        final Set<String> switchedOff = new HashSet<>();
        final List<String> switchedOffPrefixes = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        CompiledSettings(ProvenanceSettings s, SignalCatalogue catalogue) {
            this.source = s;
            for (String a : s.agents()) {
                String v = a == null ? "" : a.trim();
                if (v.isEmpty()) {
                    continue;
                }
                if (v.chars().allMatch(Character::isDigit)) {
                    try {
                        agentIds.add(Long.parseLong(v));
                    } catch (NumberFormatException e) {
                        notes.add("provenance.agents: '" + v + "' is not a valid account id; ignored.");
                    }
                } else {
                    agentLogins.add(v.toLowerCase(Locale.ROOT));
                }
            }
            for (String e : s.emails()) {
                String v = e == null ? "" : e.trim().toLowerCase(Locale.ROOT);
                if (v.startsWith("*@") && v.length() > 2) {
                    String domain = v.substring(2);
                    if (domain.equals(NoreplyAddress.DOMAIN) || domain.equals("github.com")) {
                        notes.add("provenance.emails: '*@" + domain + "' would match people, not tools; ignored.");
                    } else {
                        domains.add(domain);
                    }
                } else if (v.indexOf('@') > 0) {
                    emails.add(v);
                } else if (!v.isEmpty()) {
                    notes.add("provenance.emails: '" + e + "' is neither an address nor *@domain; ignored.");
                }
            }
            for (String t : s.trailers()) {
                String v = t == null ? "" : t.trim();
                if (v.endsWith(":")) {
                    v = v.substring(0, v.length() - 1).trim();
                }
                if (!v.isEmpty()) {
                    trailers.add(v.toLowerCase(Locale.ROOT));
                }
            }
            for (String p : s.branchPrefixes()) {
                if (p != null && !p.isBlank()) {
                    branchPrefixes.add(p.trim().toLowerCase(Locale.ROOT));
                }
            }
            declaredLabel = s.declaredLabel() == null || s.declaredLabel().isBlank()
                    ? null : s.declaredLabel().trim().toLowerCase(Locale.ROOT);
            for (String id : s.disabledSignals()) {
                switchOff(id, catalogue, true);
            }
            for (String id : s.overriddenSignals()) {
                switchOff(id, catalogue, false);
            }
        }

        private void switchOff(String rawId, SignalCatalogue catalogue, boolean weakOnly) {
            String key = weakOnly ? "provenance.disable_signals" : "provenance.override_signals";
            String id = rawId == null ? "" : rawId.trim();
            boolean wildcard = id.endsWith(".*");
            String prefix = wildcard ? id.substring(0, id.length() - 1) : null;
            List<Signal> matched = new ArrayList<>();
            for (Signal sig : catalogue.signals().values()) {
                if (wildcard ? sig.id().startsWith(prefix) : sig.id().equals(id)) {
                    matched.add(sig);
                }
            }
            if (matched.isEmpty()) {
                notes.add(key + ": '" + id + "' names no signal in catalogue " + catalogue.version() + "; ignored.");
                return;
            }
            List<String> refused = new ArrayList<>();
            for (Signal sig : matched) {
                if (weakOnly && !SignalCatalogue.DISABLEABLE.contains(sig.tier())) {
                    refused.add(sig.id() + " (" + sig.tier() + ")");
                } else {
                    switchedOff.add(sig.id());
                }
            }
            if (!refused.isEmpty()) {
                notes.add(key + ": " + String.join(", ", refused) + " not switched off: disable_signals only"
                        + " switches off weak (T3) signals; a stronger signal needs an explicit override_signals entry.");
            }
        }

        boolean isAgent(Actor a) {
            return (a.id() != 0 && agentIds.contains(a.id()))
                    || (!agentLogins.isEmpty() && agentLogins.contains(a.normalizedLogin()));
        }

        boolean isEmail(String lowerEmail, int at) {
            return emails.contains(lowerEmail) || (at > 0 && !domains.isEmpty() && domains.contains(lowerEmail.substring(at + 1)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One classification's state

    private static final class Run {
        final CompiledSettings policy;
        final List<Evidence> evidence = new ArrayList<>();
        final List<String> notes;
        final Map<String, Integer> suppressed = new LinkedHashMap<>();
        final Map<String, Integer> rows = new HashMap<>();
        final Map<String, Integer> unlisted = new LinkedHashMap<>();
        Set<String> commitSignals;
        boolean commitStrong;

        Run(CompiledSettings policy) {
            this.policy = policy;
            this.notes = new ArrayList<>(policy.notes);
        }

        void add(Signal s, String where, String matched, boolean forgeable) {
            add(s, s.tier(), s.tool(), where, matched, forgeable);
        }

        void add(Signal s, Tier tier, String tool, String where, String matched, boolean forgeable) {
            if (policy.switchedOff.contains(s.id())) {
                suppressed.merge(s.id(), 1, Integer::sum);
                return;
            }
            if (commitSignals != null) {
                if (!commitSignals.add(s.id() + '\u0000' + tool)) {
                    return;
                }
                if (tier == Tier.T0 || tier == Tier.T1) {
                    commitStrong = true;
                }
            }
            if (rows.merge(s.id(), 1, Integer::sum) > MAX_ROWS_PER_SIGNAL) {
                unlisted.merge(s.id(), 1, Integer::sum);
                return;
            }
            evidence.add(new Evidence(tier, s.id(), tool, where, shorten(matched), forgeable));
        }

        void beginCommit() {
            commitSignals = new HashSet<>();
            commitStrong = false;
        }

        boolean endCommit() {
            commitSignals = null;
            return commitStrong;
        }

        void finishSuppressed() {
            unlisted.forEach((id, n) -> notes.add("Signal " + id + " matched " + n + " more "
                    + (n == 1 ? "time" : "times") + " than the " + MAX_ROWS_PER_SIGNAL + " listed."));
            suppressed.forEach((id, n) -> notes.add("Signal " + id + " matched " + n + (n == 1 ? " time" : " times")
                    + " but the policy switches it off."));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static String kindOf(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    private static boolean sameIdentity(GitIdentity a, GitIdentity b) {
        return a == null ? b == null : a.equals(b);
    }

    private static boolean sameAccount(Actor a, Actor b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String describe(Actor a) {
        String login = a.login() == null ? "?" : a.login();
        return a.id() == 0 ? login : login + " (id " + a.id() + (a.type() == null ? "" : ", " + a.type()) + ")";
    }

    private static String text(Object shown) {
        return shown instanceof GitIdentity id ? format(id) : String.valueOf(shown);
    }

    private static String format(GitIdentity id) {
        return (id.name() == null ? "" : id.name()) + " <" + (id.email() == null ? "" : id.email()) + ">";
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }

    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replace('\n', ' ').replace('\r', ' ').trim();
        return oneLine.length() <= MAX_MATCHED ? oneLine : oneLine.substring(0, MAX_MATCHED - 1) + "…";
    }
}
