package dev.aigate.provenance;

/** How much a signal can be trusted, strongest first. */
public enum Tier {
    /** Platform-attested: the GitHub account of a known AI agent App. Cannot be forged by the PR author. */
    T0,
    /** A strong marker that the tool itself writes (trailer, e-mail, body footer). */
    T1,
    /** A human's declaration of AI use. */
    T2,
    /** Weak, circumstantial hints. */
    T3,
    /** Known non-AI automation. */
    AUTOMATION,
    /** An AI review bot took part; never authorship. */
    REVIEWER
}
