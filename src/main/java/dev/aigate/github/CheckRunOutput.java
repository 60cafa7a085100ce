package dev.aigate.github;

import java.util.List;

/**
 * What the publisher writes into the {@code ai-gate} check run.
 *
 * @param conclusion success, failure, action_required or neutral
 * @param detailsUrl a link for "Details", or null
 */
public record CheckRunOutput(String conclusion, String title, String summary, String text,
                             List<Annotation> annotations, List<Action> actions, String detailsUrl) {

    public CheckRunOutput {
        annotations = List.copyOf(annotations);
        actions = List.copyOf(actions);
    }

    /** A digest of everything shown, to tell whether a re-evaluation changed anything. */
    public String digest() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\u0000", conclusion, String.valueOf(title), String.valueOf(summary),
                    String.valueOf(text), annotations.toString(), actions.toString(), String.valueOf(detailsUrl))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param level notice, warning or failure */
    public record Annotation(String path, int startLine, int endLine, String level, String title, String message) {
    }

    public record Action(String label, String description, String identifier) {
    }
}
