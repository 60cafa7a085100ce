package dev.aigate.provenance;

import java.util.List;

/**
 * What a repository's policy adds to the built-in signal catalogue.
 *
 * @param agents        extra logins of AI agent accounts (matched exactly, case-insensitively)
 * @param declaredLabel a label that, when present, declares AI use; null for none
 */
public record ProvenanceSettings(List<String> agents, String declaredLabel) {

    public static final ProvenanceSettings DEFAULT = new ProvenanceSettings(List.of(), null);

    public ProvenanceSettings {
        agents = List.copyOf(agents);
    }
}
