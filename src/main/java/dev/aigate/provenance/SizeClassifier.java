package dev.aigate.provenance;

import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.PullRequestSnapshot;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures a pull request and names its size class.
 *
 * <ul>
 *   <li>Lines are additions plus deletions; a file counts once, a renamed file included (its
 *       old path is not counted again).</li>
 *   <li>Generated and vendored files are counted apart: the base branch's {@code .gitattributes}
 *       ({@code linguist-generated}, {@code linguist-vendored}, and their {@code -}/{@code =false}
 *       forms) decide first, then the built-in list of lockfiles, vendor directories and
 *       generated-file patterns ({@code generated-files.yml}).</li>
 *   <li>Size classes are fitted on the counts outside generated and vendored files.</li>
 *   <li>When GitHub truncated the file list, the totals GitHub reports for the whole pull request
 *       are used where they are larger, so a truncated PR never looks smaller than it is.</li>
 * </ul>
 */
public final class SizeClassifier {

    private final GeneratedFiles generated;
    private volatile CachedAttributes lastAttributes;

    private record CachedAttributes(String text, GeneratedFiles.Attributes attributes) {
    }

    public SizeClassifier() {
        this.generated = GeneratedFiles.builtIn();
    }

    /** Classifies with the policy's size classes, tried in order; the first that fits wins. */
    public SizeResult classify(PullRequestSnapshot pr, List<SizeClass> classes) {
        GeneratedFiles.Attributes attributes = attributes(pr.gitattributes().orElse(null));
        int lines = 0;
        int files = 0;
        int genLines = 0;
        int genFiles = 0;
        Set<String> seen = new HashSet<>(pr.files().size() * 2);
        for (ChangedFile f : pr.files()) {
            String path = f.filename();
            if (path == null || "unchanged".equals(f.status()) || !seen.add(path)) {
                continue;
            }
            if (isGenerated(path, attributes)) {
                genLines += f.changes();
                genFiles++;
            } else {
                lines += f.changes();
                files++;
            }
        }
        if (pr.filesTruncated()) {
            lines = Math.max(lines, pr.additions() + pr.deletions() - genLines);
            files = Math.max(files, pr.changedFilesCount() - genFiles);
        }
        String name = null;
        if (classes != null) {
            for (SizeClass c : classes) {
                if (c.fits(lines, files)) {
                    name = c.name();
                    break;
                }
            }
        }
        return new SizeResult(lines, files, genLines, genFiles, name, !pr.filesTruncated());
    }

    private boolean isGenerated(String path, GeneratedFiles.Attributes attributes) {
        Boolean byAttributes = attributes.generated(path);
        return byAttributes != null ? byAttributes : generated.isGenerated(path);
    }

    private GeneratedFiles.Attributes attributes(String text) {
        if (text == null || text.isBlank()) {
            return GeneratedFiles.Attributes.NONE;
        }
        CachedAttributes c = lastAttributes;
        if (c != null && c.text().equals(text)) {
            return c.attributes();
        }
        GeneratedFiles.Attributes parsed = GeneratedFiles.Attributes.parse(text);
        lastAttributes = new CachedAttributes(text, parsed);
        return parsed;
    }
}
