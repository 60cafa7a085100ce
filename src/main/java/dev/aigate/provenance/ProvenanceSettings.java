package dev.aigate.provenance;

import java.util.List;
import java.util.Set;

/**
 * What a repository's (base-branch) policy adds to, or switches off in, the built-in catalogue.
 * Only the policy can lower scrutiny; nothing in the pull request can.
 *
 * @param agents           extra AI agent accounts: a login ({@code acme-bot[bot]}) or a numeric account id
 * @param emails           extra AI-only e-mails for author, committer or co-author lines; {@code *@domain} allowed
 * @param trailers         extra commit trailer keys that mark tool-written commits (case-insensitive)
 * @param declaredLabel    a label that declares AI use; null for none
 * @param branchPrefixes   extra weak branch prefixes
 * @param disabledSignals  built-in weak (T3) signal ids to switch off
 * @param overriddenSignals built-in T0/T1/T2 signal ids to switch off: an explicit, documented override
 * @param compiled         the same entries compiled into hash tables, once, here (any value passed is replaced)
 */
public record ProvenanceSettings(List<String> agents, List<String> emails, List<String> trailers, String declaredLabel,
                                 List<String> branchPrefixes, Set<String> disabledSignals, Set<String> overriddenSignals,
                                 PolicySignals compiled) {

    public static final ProvenanceSettings DEFAULT =
            new ProvenanceSettings(List.of(), List.of(), List.of(), null, List.of(), Set.of(), Set.of());

    public ProvenanceSettings {
        agents = List.copyOf(agents);
        emails = List.copyOf(emails);
        trailers = List.copyOf(trailers);
        branchPrefixes = List.copyOf(branchPrefixes);
        disabledSignals = Set.copyOf(disabledSignals);
        overriddenSignals = Set.copyOf(overriddenSignals);
        compiled = PolicySignals.compile(agents, emails, trailers, declaredLabel, branchPrefixes, disabledSignals,
                overriddenSignals);
    }

    /** The policy's entries, compiled at once. */
    public ProvenanceSettings(List<String> agents, List<String> emails, List<String> trailers, String declaredLabel,
                              List<String> branchPrefixes, Set<String> disabledSignals, Set<String> overriddenSignals) {
        this(agents, emails, trailers, declaredLabel, branchPrefixes, disabledSignals, overriddenSignals, null);
    }
}
