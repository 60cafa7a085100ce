package dev.aigate.provenance;

import java.util.List;
import java.util.Set;

/**
 * The classifier's answer.
 *
 * @param provenanceClass the class from the strongest evidence
 * @param evidence        every signal found, strongest first
 * @param aiCommitShare   the share of the PR's commits (0..1) that carry a strong (T0/T1) marker
 * @param tools           the AI tools detected
 * @param commitsComplete false when GitHub truncated the commit list, so some commits were not seen
 * @param catalogueVersion the version of the signal catalogue used
 */
public record ProvenanceResult(ProvenanceClass provenanceClass, List<Evidence> evidence, double aiCommitShare,
                               Set<String> tools, boolean commitsComplete, String catalogueVersion) {

    public ProvenanceResult {
        evidence = List.copyOf(evidence);
        tools = Set.copyOf(tools);
    }

    public boolean isAi() {
        return switch (provenanceClass) {
            case AGENT, ASSISTED, DECLARED, SUSPECTED -> true;
            case AUTOMATION, NONE -> false;
        };
    }
}
