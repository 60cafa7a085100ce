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

    /** @param level notice, warning or failure */
    public record Annotation(String path, int startLine, int endLine, String level, String title, String message) {
    }

    public record Action(String label, String description, String identifier) {
    }
}
