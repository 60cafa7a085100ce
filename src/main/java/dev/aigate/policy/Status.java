package dev.aigate.policy;

/** The state of one rule or requirement in the result tree. */
public enum Status {
    SATISFIED, PENDING, FAILED, SKIPPED
}
