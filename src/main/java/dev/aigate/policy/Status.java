package dev.aigate.policy;

/**
 * The state of one rule or requirement in the result tree. Stored in the decision log by name
 * ({@code SATISFIED}, …), which the details page reads back; the names do not change.
 */
public enum Status {
    SATISFIED, PENDING, FAILED, SKIPPED;

    /** Whether nothing more is needed: satisfied, or did not apply. */
    public boolean met() {
        return this == SATISFIED || this == SKIPPED;
    }
}
