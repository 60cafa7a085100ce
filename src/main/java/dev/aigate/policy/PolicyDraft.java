package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceSettings;
import dev.aigate.provenance.SizeClass;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy as {@link PolicyParser} assembles it, block by block; an {@code extends} starts from the base's draft
 * ({@link #inherit}), and the size classes defined so far are what a rule's {@code size:} condition may name.
 */
final class PolicyDraft {

    int version = 1;
    final Set<String> agents = new LinkedHashSet<>();
    final Set<String> emails = new LinkedHashSet<>();
    final Set<String> trailers = new LinkedHashSet<>();
    final Set<String> branchPrefixes = new LinkedHashSet<>();
    final Set<String> disabled = new LinkedHashSet<>();
    final Set<String> overridden = new LinkedHashSet<>();
    String declaredLabel;
    final Map<String, SizeClass> sizes = new LinkedHashMap<>();
    final List<Rule> rules = new ArrayList<>();
    final Map<ProvenanceClass, String> labelsSync = new EnumMap<>(ProvenanceClass.class);
    final List<String> extendsChain = new ArrayList<>();
    Mode mode;

    void inherit(PolicyDraft base) {
        mode = base.mode;
        agents.addAll(base.agents);
        emails.addAll(base.emails);
        trailers.addAll(base.trailers);
        branchPrefixes.addAll(base.branchPrefixes);
        disabled.addAll(base.disabled);
        overridden.addAll(base.overridden);
        declaredLabel = base.declaredLabel;
        sizes.putAll(base.sizes);
        rules.addAll(base.rules);
        labelsSync.putAll(base.labelsSync);
        extendsChain.addAll(base.extendsChain);
    }

    Policy toPolicy() {
        ProvenanceSettings settings = new ProvenanceSettings(List.copyOf(agents), List.copyOf(emails), List.copyOf(trailers),
                declaredLabel, List.copyOf(branchPrefixes), disabled, overridden);
        return new Policy(version, settings, List.copyOf(sizes.values()), rules, labelsSync, extendsChain, mode);
    }
}
