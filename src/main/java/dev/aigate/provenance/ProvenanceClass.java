package dev.aigate.provenance;

import java.util.Locale;
import java.util.Optional;

/**
 * The one provenance class a pull request gets, from its strongest evidence.
 * {@link #NONE} means "no AI markers were found", never "written by a human".
 */
public enum ProvenanceClass {
    /** Opened or pushed by a platform-attested AI agent account. */
    AGENT,
    /** A strong, tool-written marker in commits or body. */
    ASSISTED,
    /** A human declared AI use. */
    DECLARED,
    /** Only weak, circumstantial hints. */
    SUSPECTED,
    /** Non-AI automation such as dependabot or renovate. */
    AUTOMATION,
    /** No AI markers. */
    NONE;

    /** The name used in policy files and output: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProvenanceClass> fromId(String id) {
        for (ProvenanceClass c : values()) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
