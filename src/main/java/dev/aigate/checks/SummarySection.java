package dev.aigate.checks;

/** One section of a pull request's summary; {@link SummaryWriter} writes them in order. */
interface SummarySection {

    /** Appends this section, or notes what did not fit ({@link MarkdownBudget#omit}). */
    void write(SummaryScope sc);
}
