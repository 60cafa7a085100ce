package dev.aigate.provenance;

import java.util.Locale;
import java.util.Optional;

/**
 * A GitHub no-reply address, {@code [<id>+]<login>@users.noreply.github.com}, the one parser of them.
 * GitHub gives every account one (the id form since 2017); a bot's login ends in {@code [bot]}.
 *
 * @param id    the account id before the {@code +}, or null in the old form without one
 * @param login the login, lower case, as the address spells it (a bot's with its {@code [bot]} suffix)
 */
public record NoreplyAddress(Long id, String login) {

    public static final String DOMAIN = "users.noreply.github.com";
    private static final String SUFFIX = "@" + DOMAIN;
    /** GitHub logins are at most 39 characters; ids fit in a long with 19 digits. */
    private static final int MAX_LOGIN = 39;
    private static final int MAX_ID_DIGITS = 19;

    /** The address read, or empty when it is not a well-formed no-reply address. Case does not matter. */
    public static Optional<NoreplyAddress> parse(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String e = email.trim().toLowerCase(Locale.ROOT);
        if (!e.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String local = e.substring(0, e.length() - SUFFIX.length());
        int plus = local.indexOf('+');
        Long id = null;
        if (plus >= 0) {
            String digits = local.substring(0, plus);
            if (digits.isEmpty() || digits.length() > MAX_ID_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            try {
                id = Long.parseLong(digits);
            } catch (NumberFormatException tooBig) {
                return Optional.empty();
            }
        }
        String login = local.substring(plus + 1);
        return validLogin(login) ? Optional.of(new NoreplyAddress(id, login)) : Optional.empty();
    }

    /** Whether the login is a bot's ({@code name[bot]}). */
    public boolean bot() {
        return login.endsWith("[bot]");
    }

    /** Letters, digits and inner dashes, at most 39, starting with a letter or digit; a bot's ends in {@code [bot]}. */
    private static boolean validLogin(String login) {
        String name = login.endsWith("[bot]") ? login.substring(0, login.length() - "[bot]".length()) : login;
        if (name.isEmpty() || name.length() > MAX_LOGIN || name.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
