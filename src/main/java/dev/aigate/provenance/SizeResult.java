package dev.aigate.provenance;

/**
 * How big a pull request is.
 *
 * @param lines     changed lines (additions + deletions) outside generated and vendored files
 * @param files     changed files outside generated and vendored files, a rename counted once
 * @param generatedLines changed lines in generated or vendored files, reported apart
 * @param generatedFiles changed generated or vendored files
 * @param sizeClass the first policy-defined size class that fits, or null
 * @param complete  false when GitHub truncated the file list
 */
public record SizeResult(int lines, int files, int generatedLines, int generatedFiles, String sizeClass, boolean complete) {
}
