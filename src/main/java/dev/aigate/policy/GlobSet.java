package dev.aigate.policy;

import dev.aigate.patterns.Glob;
import dev.aigate.patterns.Steps;
import java.util.List;

/**
 * An ordered list of globs as written in a policy, e.g. {@code ["src/**", "!src/generated/**"]}.
 * A path is in the set when the last pattern that matches it is not negated ({@code !}), as in
 * gitignore. Compiled once per policy; identical lists in one policy share one instance, so the
 * evaluator can remember which changed files a set matches.
 */
public final class GlobSet {

    private final List<String> patterns;
    private final Glob[] globs;
    private final boolean[] negated;
    private final boolean anyNegated;

    GlobSet(List<String> patterns, List<Glob> globs, List<Boolean> negated) {
        this.patterns = List.copyOf(patterns);
        this.globs = globs.toArray(new Glob[0]);
        this.negated = new boolean[negated.size()];
        boolean any = false;
        for (int i = 0; i < this.negated.length; i++) {
            this.negated[i] = negated.get(i);
            any |= this.negated[i];
        }
        this.anyNegated = any;
    }

    /** The patterns as written. */
    public List<String> patterns() {
        return patterns;
    }

    public boolean matches(String path) {
        return matches(path, Steps.NONE);
    }

    /** Matches, reporting the work done to {@code steps} (an evaluation's budget). */
    public boolean matches(String path, Steps steps) {
        if (!anyNegated) {
            for (Glob g : globs) {
                if (g.matches(path, steps)) {
                    return true;
                }
            }
            return false;
        }
        for (int i = globs.length - 1; i >= 0; i--) {
            if (globs[i].matches(path, steps)) {
                return !negated[i];
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
