package dev.aigate.provenance;

import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.PullRequestSnapshot;

import java.util.List;

/** Measures a pull request and names its size class. */
public final class SizeClassifier {

    /** Classifies with the policy's size classes, tried in order; the first that fits wins. */
    public SizeResult classify(PullRequestSnapshot pr, List<SizeClass> classes) {
        int lines = 0;
        int files = 0;
        for (ChangedFile f : pr.files()) {
            lines += f.changes();
            files++;
        }
        String name = null;
        for (SizeClass c : classes) {
            if (c.fits(lines, files)) {
                name = c.name();
                break;
            }
        }
        return new SizeResult(lines, files, 0, 0, name, !pr.filesTruncated());
    }
}
