package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClass;

import java.util.Set;

/**
 * One rule of a policy.
 *
 * @param name        shown in the check run
 * @param provenance  the classes the rule applies to; empty means every class
 * @param approvals   approvals required; 0 for none
 * @param onFailure   the verdict when a requirement is unmet
 */
public record Rule(String name, Set<ProvenanceClass> provenance, int approvals, Verdict onFailure) {
}
