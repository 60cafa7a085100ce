package dev.aigate.checks;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the {@code ai-gate} check run shows, ready to publish. Built by {@link CheckRunRenderer}.
 *
 * <p>The constructor enforces GitHub's limits so that a publisher can never send a request that
 * GitHub rejects: summary and text at most {@value #MAX_OUTPUT_BYTES} bytes of UTF-8 each (GitHub
 * measures bytes, not characters), a one-line title, at most {@value #MAX_ACTIONS} actions.
 *
 * @param name        the check run name, always {@link CheckRunText#CHECK_NAME}
 * @param conclusion  the GitHub conclusion: success, failure, action_required or neutral
 * @param title       one line: the verdict and the next step
 * @param summary     markdown, led by the verdict and what to do
 * @param text        markdown with the long detail (full per-file lists, all evidence); null when there is none
 * @param annotations notes on lines of files; the publisher sends them 50 per request
 * @param actions     buttons under the check run, at most three
 * @param detailsUrl  the details page under {@code AIGATE_PUBLIC_URL}; null when that is not set
 */
public record CheckRunContent(String name, String conclusion, String title, String summary, String text,
                              List<Annotation> annotations, List<Action> actions, String detailsUrl) {

    /** GitHub's limit for {@code output.summary} and {@code output.text}, in UTF-8 bytes. */
    public static final int MAX_OUTPUT_BYTES = 65_535;
    /** GitHub shows at most three action buttons. */
    public static final int MAX_ACTIONS = 3;
    /** A title longer than this is shortened; GitHub shows it on one line next to the check name. */
    public static final int MAX_TITLE_CHARS = 140;

    public CheckRunContent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        annotations = List.copyOf(annotations);
        actions = List.copyOf(actions);
        if (title.indexOf('\n') >= 0 || title.indexOf('\r') >= 0 || title.length() > MAX_TITLE_CHARS) {
            throw new IllegalArgumentException("title must be one line of at most " + MAX_TITLE_CHARS + " characters");
        }
        if (Utf8.length(summary) > MAX_OUTPUT_BYTES || (text != null && Utf8.length(text) > MAX_OUTPUT_BYTES)) {
            throw new IllegalArgumentException("summary and text must each be at most " + MAX_OUTPUT_BYTES + " bytes");
        }
        if (actions.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("at most " + MAX_ACTIONS + " actions");
        }
    }

    /** How serious an annotation is; {@link #apiValue()} is GitHub's {@code annotation_level}. */
    public enum Level {
        NOTICE, WARNING, FAILURE;

        public String apiValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A note on lines of a file in the repository at the head commit.
     *
     * @param path      the file's path in the repository
     * @param startLine first line, 1-based
     * @param endLine   last line, at least {@code startLine}
     * @param level     how serious it is
     * @param title     a short heading (at most {@value #MAX_TITLE_CHARS} characters)
     * @param message   the note (at most {@value #MAX_MESSAGE_CHARS} characters)
     */
    public record Annotation(String path, int startLine, int endLine, Level level, String title, String message) {

        /** GitHub allows 255 characters in an annotation title. */
        public static final int MAX_TITLE_CHARS = 255;
        /** GitHub allows 64 KB per message; a useful note is far shorter. */
        public static final int MAX_MESSAGE_CHARS = 2_000;

        public Annotation {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(message, "message");
            if (startLine < 1 || endLine < startLine) {
                throw new IllegalArgumentException("lines must be 1-based and ordered: " + startLine + ".." + endLine);
            }
            if ((title != null && title.length() > MAX_TITLE_CHARS) || message.length() > MAX_MESSAGE_CHARS) {
                throw new IllegalArgumentException("annotation title or message too long");
            }
        }
    }

    /**
     * A button under the check run. Clicking it sends {@code check_run.requested_action} with the identifier.
     *
     * @param label       at most 20 characters
     * @param description at most 40 characters
     * @param identifier  at most 20 characters
     */
    public record Action(String label, String description, String identifier) {

        public static final int MAX_LABEL = 20;
        public static final int MAX_DESCRIPTION = 40;
        public static final int MAX_IDENTIFIER = 20;

        public Action {
            if (label.isEmpty() || label.length() > MAX_LABEL || description.length() > MAX_DESCRIPTION
                    || identifier.isEmpty() || identifier.length() > MAX_IDENTIFIER) {
                throw new IllegalArgumentException("action exceeds GitHub's limits: " + label + " / " + identifier);
            }
        }
    }
}
