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

    /** Teams ({@code org/slug}, lower case) the policy refers to, so the loader can fetch their members. */
    public java.util.Set<String> referencedTeams() {
        return java.util.Set.of();
    }

    /** The teams whose members the evaluation needs. */
    public java.util.Set<String> teamsToResolve(java.util.Optional<String> codeowners) {
        return referencedTeams();
    }

    /** Whether a check run or status with this name can change the outcome (trigger filtering). */
    public boolean watchesCheck(String name) {
        return false;
    }

    /** Whether any rule requires named checks or statuses (so the loader fetches them). */
    public boolean requiresChecks() {
        return false;
    }

    /** Whether any approval counts only reviewers with a repository permission level. */
    public boolean needsPermissions() {
        return false;
    }

    /** Whether any rule looks at size (so the loader reads .gitattributes to set generated files apart). */
    public boolean usesSize() {
        return !sizeClasses.isEmpty();
    }

    /** Whether any rule needs the base branch's CODEOWNERS file. */
    public boolean needsCodeowners() {
        return false;
    }
}
