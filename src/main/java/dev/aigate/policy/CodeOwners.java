package dev.aigate.policy;

import dev.aigate.patterns.Glob;
import dev.aigate.patterns.GlobSyntaxException;
import dev.aigate.patterns.Steps;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed CODEOWNERS file (from the base branch). As on GitHub, the last matching line wins and
 * a line with no owners leaves a path unowned. Owners are {@code @user} or {@code @org/team};
 * e-mail owners cannot be matched to reviewers and are reported as such.
 */
public final class CodeOwners {

    /** One line: its pattern and owners (lower case, without the @). */
    record Entry(int line, Glob glob, List<String> owners) {
    }

    private final List<Entry> entries;
    private final List<String> problems;

    private CodeOwners(List<Entry> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    public static CodeOwners parse(String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf(" #");
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            String[] parts = line.split("\\s+");
            List<String> owners = new ArrayList<>();
            for (int k = 1; k < parts.length; k++) {
                String o = parts[k];
                owners.add((o.startsWith("@") ? o.substring(1) : o).toLowerCase(Locale.ROOT));
            }
            try {
                entries.add(new Entry(i + 1, Glob.codeowners(parts[0]), owners));
            } catch (GlobSyntaxException e) {
                problems.add("CODEOWNERS line " + (i + 1) + ": " + e.getMessage() + " (line ignored)");
            }
        }
        return new CodeOwners(entries, problems);
    }

    /** The owners of a path (lower case: {@code login} or {@code org/team} or an e-mail); empty when unowned. */
    public List<String> ownersOf(String path) {
        return ownersOf(path, Steps.NONE);
    }

    /** The owners of a path, reporting the matching work to {@code steps} (an evaluation's budget). */
    public List<String> ownersOf(String path, Steps steps) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).glob().matches(path, steps)) {
                return entries.get(i).owners();
            }
        }
        return List.of();
    }

    /** Every team named in the file ({@code org/slug}, lower case), so the loader can fetch members. */
    public Set<String> teams() {
        Set<String> teams = new LinkedHashSet<>();
        for (Entry e : entries) {
            for (String o : e.owners()) {
                if (o.indexOf('/') > 0 && o.indexOf('@') < 0) {
                    teams.add(o);
                }
            }
        }
        return teams;
    }

    /** Lines that could not be read. */
    public List<String> problems() {
        return problems;
    }
}
