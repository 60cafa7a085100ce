package dev.aigate.provenance;

import java.util.List;
import java.util.Set;

/**
 * The classifier's answer.
 *
 * @param provenanceClass  the class from the strongest evidence
 * @param evidence         every signal found, strongest first
 * @param aiCommitShare    the share of the commits seen (0..1) that carry a strong (T0/T1) marker
 * @param tools            the AI tools the deciding evidence points at (never review bots)
 * @param commitsComplete  false when GitHub truncated the commit list, so some commits were not seen
 * @param catalogueVersion the version of the signal catalogue used
 * @param notes            things a maintainer should know that are not evidence: claims of "no AI"
 *                         that were not allowed to lower the class, policy entries that were ignored
 *                         or that switched signals off, weak hints below the threshold
 */
public record ProvenanceResult(ProvenanceClass provenanceClass, List<Evidence> evidence, double aiCommitShare,
                               Set<String> tools, boolean commitsComplete, String catalogueVersion,
                               List<String> notes) {

    public ProvenanceResult {
        evidence = List.copyOf(evidence);
        tools = Set.copyOf(tools);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A result without notes. */
    public ProvenanceResult(ProvenanceClass provenanceClass, List<Evidence> evidence, double aiCommitShare,
                            Set<String> tools, boolean commitsComplete, String catalogueVersion) {
        this(provenanceClass, evidence, aiCommitShare, tools, commitsComplete, catalogueVersion, List.of());
    }

    public boolean isAi() {
        return switch (provenanceClass) {
            case AGENT, ASSISTED, DECLARED, SUSPECTED -> true;
            case AUTOMATION, NONE -> false;
        };
    }
}
