package dev.aigate.provenance;

import dev.aigate.provenance.SignalCatalogue.Bot;
import dev.aigate.provenance.SignalCatalogue.BotKind;
import dev.aigate.provenance.SignalCatalogue.EmailRule;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The catalogue sections that name identities rather than text: bot accounts (by login and
 * numeric id, with the machine users of agents), e-mails (exact or an AI-only domain) and
 * co-author identities (a name and an e-mail that mark a tool only together). Read for
 * {@link CatalogueReader}, which owns the file and its error locations.
 */
final class CatalogueIdentities {

    private CatalogueIdentities() {
    }

    static void readBots(CatalogueReader r, List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "bots[" + i + "]";
            Map<String, Object> e = r.map(entries.get(i), where);
            r.allowOnly(e, where, Set.of("id", "kind", "tool", "source", "logins", "user_logins", "ids", "app_slugs", "app_ids"));
            String kindText = r.string(e, "kind", where, true);
            BotKind kind;
            try {
                kind = BotKind.valueOf(kindText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw r.fail(where, "kind must be agent, reviewer or automation, not '" + kindText + "'");
            }
            Tier tier = switch (kind) {
                case AGENT -> Tier.T0;
                case REVIEWER -> Tier.REVIEWER;
                case AUTOMATION -> Tier.AUTOMATION;
            };
            Signal signal = r.signal(e, where, tier, kind != BotKind.AUTOMATION);
            where = where + " (" + signal.id() + ")";
            Set<String> logins = new java.util.LinkedHashSet<>();
            for (Object l : r.list(e, "logins", true, where)) {
                if (!(l instanceof String login) || login.isBlank()) {
                    throw r.fail(where, "logins must be non-empty strings");
                }
                logins.add(login.toLowerCase(Locale.ROOT));
            }
            Set<Long> ids = new java.util.LinkedHashSet<>();
            for (Object n : r.list(e, "ids", false, where)) {
                if (!(n instanceof Number num) || num.longValue() <= 0) {
                    throw r.fail(where, "ids must be positive numeric account ids, not '" + n + "'");
                }
                ids.add(num.longValue());
            }
            Bot bot = new Bot(signal, kind, Set.copyOf(logins), Set.copyOf(ids));
            for (String login : logins) {
                Bot clash = r.botsByLogin.put(login, bot);
                if (clash != null) {
                    throw r.fail(where, "login '" + login + "' is also listed by " + clash.signal().id());
                }
            }
            for (Long id : ids) {
                Bot clash = r.botsById.put(id, bot);
                if (clash != null) {
                    throw r.fail(where, "id " + id + " is also listed by " + clash.signal().id());
                }
            }
            // Machine accounts of type User with no [bot] suffix (openhands-agent): AI agents only,
            // matched by exact login, since a login is unique on GitHub.
            for (Object l : r.list(e, "user_logins", false, where)) {
                if (!(l instanceof String login) || login.isBlank() || login.endsWith("[bot]")) {
                    throw r.fail(where, "user_logins must be logins of User accounts, without [bot]");
                }
                if (kind != BotKind.AGENT) {
                    throw r.fail(where, "user_logins are only for AI agents");
                }
                String lower = login.toLowerCase(Locale.ROOT);
                if (r.botsByLogin.containsKey(lower) || r.machineUsers.put(lower, bot) != null) {
                    throw r.fail(where, "login '" + lower + "' is listed twice");
                }
            }
            readApps(r, e, where, bot);
            r.bots.add(bot);
        }
    }

    static void readEmails(CatalogueReader r, List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "emails[" + i + "]";
            Map<String, Object> e = r.map(entries.get(i), where);
            r.allowOnly(e, where, Set.of("id", "tier", "tool", "source", "match", "value"));
            Signal signal = r.signal(e, where, null, true);
            where = where + " (" + signal.id() + ")";
            String match = r.string(e, "match", where, true);
            String value = r.string(e, "value", where, true).toLowerCase(Locale.ROOT);
            switch (match) {
                case "exact" -> {
                    if (!value.contains("@")) {
                        throw r.fail(where, "an exact e-mail needs an @");
                    }
                    if (r.exactEmails.put(value, new EmailRule(signal, false, value)) != null) {
                        throw r.fail(where, "e-mail '" + value + "' is listed twice");
                    }
                }
                case "domain" -> {
                    if (value.contains("@") || !value.contains(".") || value.endsWith("noreply.github.com")
                            || value.equals("github.com")) {
                        throw r.fail(where, "'" + value + "' is not an AI-only domain");
                    }
                    if (r.domainEmails.put(value, new EmailRule(signal, true, value)) != null) {
                        throw r.fail(where, "domain '" + value + "' is listed twice");
                    }
                }
                default -> throw r.fail(where, "match must be exact or domain, not '" + match + "'");
            }
        }
    }

    /** A co-author whose name and e-mail together are written by a tool; either alone says nothing. */
    static void readCoauthorIdentities(CatalogueReader r, List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "coauthor_identities[" + i + "]";
            Map<String, Object> e = r.map(entries.get(i), where);
            r.allowOnly(e, where, Set.of("id", "tier", "tool", "source", "name", "email"));
            Signal signal = r.signal(e, where, null, true);
            where = where + " (" + signal.id() + ")";
            String name = r.string(e, "name", where, true).trim().toLowerCase(Locale.ROOT);
            String email = r.string(e, "email", where, true).trim().toLowerCase(Locale.ROOT);
            if (!email.contains("@")) {
                throw r.fail(where, "email must be a whole address");
            }
            if (r.coauthorIdentities.put(name + '\u0000' + email, signal) != null) {
                throw r.fail(where, "name and e-mail are listed twice");
            }
        }
    }

    /**
     * The GitHub Apps whose {@code performed_via_github_app} means this bot created the pull request:
     * by App id (not the bot account's id) and by slug ({@code copilot-swe-agent}). Only AI agents.
     */
    private static void readApps(CatalogueReader r, Map<String, Object> e, String where, Bot bot) {
        List<Object> slugs = r.list(e, "app_slugs", false, where);
        List<Object> ids = r.list(e, "app_ids", false, where);
        if ((!slugs.isEmpty() || !ids.isEmpty()) && bot.kind() != BotKind.AGENT) {
            throw r.fail(where, "app_slugs and app_ids are only for AI agents");
        }
        for (Object s : slugs) {
            if (!(s instanceof String slug) || !slug.matches("[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")) {
                throw r.fail(where, "app_slugs must be App slugs (lower case, digits, dashes), not '" + s + "'");
            }
            Bot clash = r.botsByAppSlug.put(slug, bot);
            if (clash != null) {
                throw r.fail(where, "App slug '" + slug + "' is also listed by " + clash.signal().id());
            }
        }
        for (Object n : ids) {
            if (!(n instanceof Number num) || num.longValue() <= 0) {
                throw r.fail(where, "app_ids must be positive numeric App ids, not '" + n + "'");
            }
            Bot clash = r.botsByAppId.put(num.longValue(), bot);
            if (clash != null) {
                throw r.fail(where, "App id " + num.longValue() + " is also listed by " + clash.signal().id());
            }
        }
    }
}
