package dev.aigate.snapshot;

/**
 * The text of the policy that governs a pull request, and where it was read from.
 *
 * @param origin  where it came from
 * @param location a human-readable place: {@code owner/repo:.github/ai-gate.yml@main}, or a file path
 * @param path    the path inside that repository, for annotations
 * @param text    the raw YAML
 */
public record PolicyFile(Origin origin, String location, String path, String text) {

    public enum Origin { REPOSITORY, ORGANIZATION, SERVER_DEFAULT, COMMAND_LINE }
}
