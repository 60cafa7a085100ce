package dev.aigate.provenance;

/**
 * A named size class from the policy, e.g. {@code large: { min_lines: 500 }}. Null bounds are open.
 */
public record SizeClass(String name, Integer minLines, Integer maxLines, Integer minFiles, Integer maxFiles) {

    public boolean fits(int lines, int files) {
        return (minLines == null || lines >= minLines)
                && (maxLines == null || lines <= maxLines)
                && (minFiles == null || files >= minFiles)
                && (maxFiles == null || files <= maxFiles);
    }
}
