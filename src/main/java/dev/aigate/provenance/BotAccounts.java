package dev.aigate.provenance;

import dev.aigate.provenance.SignalCatalogue.Bot;
import dev.aigate.provenance.SignalCatalogue.BotKind;
import dev.aigate.snapshot.Actor;

/** How an account is looked up in the catalogue: the one rule for PR authors, reviewers and commit accounts. */
final class BotAccounts {

    private BotAccounts() {
    }

    /**
     * The catalogue bot for an account: by numeric id first (ids survive renames); else by exact
     * login, and only for an account that is a bot (a {@code [bot]} login, or type Bot for the
     * GraphQL form without the suffix). A user called "claude" is not claude[bot].
     */
    static Bot botFor(SignalCatalogue catalogue, Actor a) {
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
}
