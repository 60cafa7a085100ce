package dev.aigate.provenance;

import dev.aigate.provenance.SignalCatalogue.Bot;
import dev.aigate.provenance.SignalCatalogue.BotKind;
import dev.aigate.provenance.SignalCatalogue.EmailRule;
import dev.aigate.provenance.SignalCatalogue.Marker;
import dev.aigate.provenance.SignalCatalogue.NamePattern;
import dev.aigate.provenance.SignalCatalogue.NameSuffix;
import dev.aigate.provenance.SignalCatalogue.Scope;
import dev.aigate.provenance.SignalCatalogue.TrailerRule;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;

import java.util.Locale;

/**
 * The signals of one commit: the author's and committer's identities and accounts, the trailers
 * (co-authors included), and the markers in the message and subject.
 */
final class CommitSignals {

    private final SignalCatalogue catalogue;

    CommitSignals(SignalCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Looks at one commit; returns whether it carries a strong (T0/T1) marker. */
    boolean commit(CommitInfo c, EvidenceCollector run, PolicySignals policy) {
        String sha = EvidenceCollector.shortSha(c.sha());
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

    private void identity(GitIdentity id, Actor account, String where, EvidenceCollector run, PolicySignals policy) {
        if (account != null && account != Actor.UNKNOWN) {
            Bot bot = BotAccounts.botFor(catalogue, account);
            if (bot != null && bot.kind() != BotKind.AUTOMATION) {
                run.add(bot.signal(), Tier.T1, bot.signal().tool(), where + " account", EvidenceCollector.describe(account), true);
            }
            if (policy.isAgent(account)) {
                run.add(PolicySignals.POLICY_AGENT_COMMIT, Tier.T1, null, where + " account", EvidenceCollector.describe(account), true);
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
                    run.add(s.signal(), where + " name", EvidenceCollector.format(id), true);
                }
            }
        }
    }

    /** Matches an e-mail; returns whether anything matched. */
    private boolean email(String rawEmail, String where, Object shown, EvidenceCollector run, PolicySignals policy) {
        String email = rawEmail.trim().toLowerCase(Locale.ROOT);
        boolean hit = false;
        EmailRule rule = catalogue.exactEmail(email);
        int at = email.lastIndexOf('@');
        if (rule == null && at > 0) {
            rule = catalogue.domainEmail(email.substring(at + 1));
        }
        if (rule != null) {
            run.add(rule.signal(), where, EvidenceCollector.text(shown), true);
            hit = true;
        } else if (email.endsWith("@" + NoreplyAddress.DOMAIN)) {
            Bot bot = noreplyBot(email);
            if (bot != null && bot.kind() != BotKind.AUTOMATION) {
                run.add(bot.signal(), Tier.T1, bot.signal().tool(), where, EvidenceCollector.text(shown), true);
                hit = true;
            }
        }
        if (policy.isEmail(email, at)) {
            run.add(PolicySignals.POLICY_EMAIL, where, EvidenceCollector.text(shown), true);
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

    private void trailer(CommitTrailers.Trailer t, String where, EvidenceCollector run, PolicySignals policy) {
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
        if (policy.trailers().contains(t.lowerKey())) {
            run.add(PolicySignals.POLICY_TRAILER, where, text, true);
        }
    }

    private void trailerRule(TrailerRule rule, CommitTrailers.Trailer t, String where, String text, EvidenceCollector run) {
        if (rule.value() != null && !rule.value().matcher(t.value()).find()) {
            return;
        }
        if (rule.signal().tier() == Tier.T2 && catalogue.isNegative(t.value())) {
            run.notes.add(where + ": '" + EvidenceCollector.shorten(text) + "' claims no AI use; a claim cannot lower the class.");
            return;
        }
        String tool = rule.toolFromValue() ? catalogue.toolIn(t.value()) : rule.signal().tool();
        run.add(rule.signal(), rule.signal().tier(), tool, where, text, true);
    }

    private void coAuthor(String value, String where, String text, EvidenceCollector run, PolicySignals policy) {
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

    private static boolean sameIdentity(GitIdentity a, GitIdentity b) {
        return a == null ? b == null : a.equals(b);
    }

    private static boolean sameAccount(Actor a, Actor b) {
        return a == null ? b == null : a.equals(b);
    }
}
