package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A policy's provenance block compiled into hash tables when the policy is parsed (its
 * {@link ProvenanceSettings} is built), so that classifying a pull request looks entries up and
 * never re-reads the policy. Entries that cannot work (an address that is not one, {@code *@github.com})
 * are dropped with a note. Which catalogue signals {@code disable_signals} and {@code override_signals}
 * switch off depends on the catalogue in use, so that is resolved per classification by
 * {@link #switches(SignalCatalogue)}: a handful of ids against the catalogue's table.
 *
 * @param agentLogins    extra agent logins, lower case
 * @param agentIds       extra agent account ids
 * @param emails         exact AI-only e-mails, lower case
 * @param domains        AI-only e-mail domains ({@code *@domain}), lower case
 * @param trailers       trailer keys, lower case, without the colon
 * @param branchPrefixes weak branch prefixes, lower case
 * @param declaredLabel  the declaration label, lower case, or null
 * @param disabled       {@code disable_signals} as written
 * @param overridden     {@code override_signals} as written
 * @param notes          entries that were dropped, in words
 */
public record PolicySignals(Set<String> agentLogins, Set<Long> agentIds, Set<String> emails, Set<String> domains,
                            Set<String> trailers, List<String> branchPrefixes, String declaredLabel,
                            Set<String> disabled, Set<String> overridden, List<String> notes) {

    static final Signal POLICY_AGENT = new Signal("agent.policy", Tier.T0, null, "policy: provenance.agents");
    static final Signal POLICY_AGENT_COMMIT = new Signal("agent.policy", Tier.T1, null, "policy: provenance.agents");
    static final Signal POLICY_EMAIL = new Signal("email.policy", Tier.T1, null, "policy: provenance.emails");
    static final Signal POLICY_TRAILER = new Signal("trailer.policy", Tier.T1, null, "policy: provenance.trailers");
    static final Signal POLICY_LABEL = new Signal("declared.label", Tier.T2, null, "policy: provenance.declared_label");
    static final Signal POLICY_BRANCH = new Signal("branch.policy", Tier.T3, null, "policy: provenance.branch_prefixes");

    /** What the policy switches off in one catalogue, and every note about the policy's entries. */
    record Switches(Set<String> off, List<String> notes) {
    }

    /** Compiles a provenance block; called once, by {@link ProvenanceSettings}' constructor. */
    static PolicySignals compile(List<String> agents, List<String> emailEntries, List<String> trailerKeys,
                                 String label, List<String> prefixes, Set<String> disabled, Set<String> overridden) {
        Set<String> agentLogins = new HashSet<>();
        Set<Long> agentIds = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> domains = new HashSet<>();
        Set<String> trailers = new HashSet<>();
        List<String> branchPrefixes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String a : agents) {
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
        for (String e : emailEntries) {
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
        for (String t : trailerKeys) {
            String v = t == null ? "" : t.trim();
            if (v.endsWith(":")) {
                v = v.substring(0, v.length() - 1).trim();
            }
            if (!v.isEmpty()) {
                trailers.add(v.toLowerCase(Locale.ROOT));
            }
        }
        for (String p : prefixes) {
            if (p != null && !p.isBlank()) {
                branchPrefixes.add(p.trim().toLowerCase(Locale.ROOT));
            }
        }
        String declaredLabel = label == null || label.isBlank() ? null : label.trim().toLowerCase(Locale.ROOT);
        return new PolicySignals(Set.copyOf(agentLogins), Set.copyOf(agentIds), Set.copyOf(emails), Set.copyOf(domains),
                Set.copyOf(trailers), List.copyOf(branchPrefixes), declaredLabel, disabled, overridden, List.copyOf(notes));
    }

    /** The signals this policy switches off in {@code catalogue}, with the notes about entries that do nothing. */
    Switches switches(SignalCatalogue catalogue) {
        Set<String> off = new HashSet<>();
        List<String> out = new ArrayList<>(notes);
        for (String id : disabled) {
            switchOff(id, catalogue, true, off, out);
        }
        for (String id : overridden) {
            switchOff(id, catalogue, false, off, out);
        }
        return new Switches(off, out);
    }

    private static void switchOff(String rawId, SignalCatalogue catalogue, boolean weakOnly, Set<String> off,
                                  List<String> notes) {
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
                off.add(sig.id());
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
