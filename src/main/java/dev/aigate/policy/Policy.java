package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceSettings;
import dev.aigate.provenance.SizeClass;

import java.util.List;

/** A parsed, validated policy. Immutable; compile once per policy text and reuse. */
public record Policy(int version, ProvenanceSettings provenance, List<SizeClass> sizeClasses, List<Rule> rules) {

    public Policy {
        sizeClasses = List.copyOf(sizeClasses);
        rules = List.copyOf(rules);
    }

    /** Teams ({@code org/slug}) the policy refers to, so the loader can fetch their members. */
    public java.util.Set<String> referencedTeams() {
        return java.util.Set.of();
    }
}
