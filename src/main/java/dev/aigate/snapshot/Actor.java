package dev.aigate.snapshot;

import java.util.Locale;

/**
 * A GitHub account as it appears on a pull request, commit or review.
 *
 * @param login the login as REST reports it (bots end in {@code [bot]}); may be null for
 *              commits whose e-mail maps to no account
 * @param id    the numeric account id, 0 when unknown
 * @param type  {@code User}, {@code Bot} or {@code Organization}; null when unknown
 */
public record Actor(String login, long id, String type) {

    public static final Actor UNKNOWN = new Actor(null, 0, null);

    public boolean isBot() {
        return "Bot".equalsIgnoreCase(type) || (login != null && login.endsWith("[bot]"));
    }

    /** The login lower-cased, for case-insensitive comparisons; empty when unknown. */
    public String normalizedLogin() {
        return login == null ? "" : login.toLowerCase(Locale.ROOT);
    }
}
