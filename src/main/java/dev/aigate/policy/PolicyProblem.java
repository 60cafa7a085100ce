package dev.aigate.policy;

/**
 * Something wrong with a policy file, with its position (1-based line and column).
 */
public record PolicyProblem(String file, int line, int column, String message) {

    /** {@code FILE:LINE:COL: message}, the form editors and CI logs understand. */
    public String format() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
