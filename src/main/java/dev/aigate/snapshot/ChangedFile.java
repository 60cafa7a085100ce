package dev.aigate.snapshot;

/**
 * A file changed by the pull request, as {@code GET /pulls/{n}/files} reports it.
 *
 * @param filename         the path after the change
 * @param previousFilename the path before a rename, else null
 * @param status           added, removed, modified, renamed, copied, changed or unchanged
 */
public record ChangedFile(String filename, String previousFilename, String status, int additions, int deletions) {

    public int changes() {
        return additions + deletions;
    }

    public boolean isRename() {
        return "renamed".equals(status);
    }
}
