package dev.aigate.webhook;

/**
 * Whether a finished check run or status can change a repository's verdict. Answers from what is
 * already known (no I/O); when nothing is known it must answer {@code true}.
 */
@FunctionalInterface
public interface CheckRelevance {

    CheckRelevance ALWAYS = (repo, name) -> true;

    /** @param checkName the check run name or status context; null when unknown (a check suite) */
    boolean mayMatter(String repo, String checkName);
}
