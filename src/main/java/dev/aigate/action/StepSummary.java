package dev.aigate.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends Markdown to the job summary ({@code GITHUB_STEP_SUMMARY}); without that variable it writes nothing.
 * GitHub shows at most 1 MiB per step; the check-run content appended here is capped at 2 × 64 KiB already.
 */
public final class StepSummary {

    private final Path file;
    private final StringBuilder text = new StringBuilder();

    public StepSummary(Path file) {
        this.file = file;
    }

    public StepSummary append(String markdown) {
        text.append(markdown);
        if (!markdown.endsWith("\n")) {
            text.append('\n');
        }
        text.append('\n');
        return this;
    }

    /** Writes what was appended; a summary that cannot be written is reported, never fatal. */
    public void write(java.io.PrintStream err) {
        if (file == null || text.isEmpty()) {
            return;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("ai-gate: cannot write the job summary to " + file + ": " + e.getMessage());
        }
    }
}
