package dev.aigate.webhook;

/**
 * Whether a finished check run or status can change a repository's verdict. Answers from what the
 * evaluations recorded (one read from the store, no GitHub request); when nothing is known, or the record
 * cannot be read, it must answer {@code true}.
 */
@FunctionalInterface
public interface CheckRelevance {

    CheckRelevance ALWAYS = (repo, name) -> true;

    /** @param checkName the check run name or status context; null when unknown (a check suite) */
    boolean mayMatter(String repo, String checkName);
}
