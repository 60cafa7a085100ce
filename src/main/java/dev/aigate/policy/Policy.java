package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceSettings;
import dev.aigate.provenance.SizeClass;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed, validated policy (with any {@code extends} already merged). Immutable; compile once
 * per policy text and reuse: globs and regexes are compiled at parse time.
 *
 * @param version      the language version (1)
 * @param provenance   what the policy adds to the built-in AI-signal catalogue
 * @param sizeClasses  named size classes, in order
 * @param rules        the rules, those of extended policies first
 * @param labelsSync   provenance class -> label to keep on the PR ({@code labels_sync}); empty = off
 * @param extendsChain the policies this one extends, nearest first ({@code org/repo:path@ref})
 * @param mode         the policy's explicit {@code mode} (its own, else the one it extends); null = the server default
 */
public record Policy(int version, ProvenanceSettings provenance, List<SizeClass> sizeClasses, List<Rule> rules,
                     Map<ProvenanceClass, String> labelsSync, List<String> extendsChain, Mode mode) {

    public Policy {
        sizeClasses = List.copyOf(sizeClasses);
        rules = List.copyOf(rules);
        EnumMap<ProvenanceClass, String> labels = new EnumMap<>(ProvenanceClass.class);
        labels.putAll(labelsSync);
        labelsSync = Collections.unmodifiableMap(labels);
        extendsChain = List.copyOf(extendsChain);
    }

    public Policy(int version, ProvenanceSettings provenance, List<SizeClass> sizeClasses, List<Rule> rules,
                  Map<ProvenanceClass, String> labelsSync, List<String> extendsChain) {
        this(version, provenance, sizeClasses, rules, labelsSync, extendsChain, null);
    }

    public Policy(int version, ProvenanceSettings provenance, List<SizeClass> sizeClasses, List<Rule> rules) {
        this(version, provenance, sizeClasses, rules, Map.of(), List.of());
    }

    /** Teams ({@code org/slug}, lower case) the policy refers to, so the loader can fetch their members. */
    public Set<String> referencedTeams() {
        Set<String> teams = new LinkedHashSet<>();
        for (Rule r : rules) {
            if (r.condition() != null) {
                r.condition().collectTeams(teams);
            }
            for (Requirement q : r.requirements()) {
                if (q instanceof Requirement.Approvals a) {
                    teams.addAll(a.teams());
                }
            }
        }
        return teams;
    }

    /**
     * The teams whose members the evaluation needs: the policy's own, plus those CODEOWNERS names
     * when a rule requires code-owner approval.
     */
    public Set<String> teamsToResolve(Optional<String> codeowners) {
        Set<String> teams = referencedTeams();
        if (triggers().needs(Triggers.Fetch.CODEOWNERS) && codeowners.isPresent()) {
            teams.addAll(CodeOwners.parse(codeowners.get()).teams());
        }
        return teams;
    }

    /**
     * What this policy reacts to and what its evaluation must read ({@link Triggers}): the events, the fetches
     * and the checks it waits on, from its conditions and requirements.
     */
    public Triggers triggers() {
        return Triggers.of(this);
    }

    /** Whether any requirement asks to request missing reviewers automatically. */
    public boolean requestsReviewers() {
        return rules.stream().flatMap(r -> r.requirements().stream()).anyMatch(q ->
                (q instanceof Requirement.Approvals a && a.requestReviewers())
                        || (q instanceof Requirement.Codeowners c && c.requestReviewers()));
    }

    /** Whether the policy asks the app to keep a provenance label on pull requests. */
    public boolean syncsLabels() {
        return !labelsSync.isEmpty();
    }

    /** The label for a provenance class under {@code labels_sync}, if one is configured. */
    public Optional<String> labelFor(ProvenanceClass cls) {
        return Optional.ofNullable(labelsSync.get(cls));
    }

    /** Every label {@code labels_sync} manages (so the app can remove stale ones). */
    public Set<String> syncedLabels() {
        return new LinkedHashSet<>(labelsSync.values());
    }
}
