package dev.aigate.snapshot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies one pull request across the whole pipeline: {@code owner/repo#N}, plus the
 * installation whose credentials may read it. Work is queued and coalesced by {@link #key()}.
 */
public record PullRequestKey(long installationId, RepoRef repo, int number) {

    private static final Pattern FORM = Pattern.compile("([^/#\\s]+)/([^/#\\s]+)#(\\d+)");

    /** Parses {@code owner/repo#N}; the installation is left at 0 (unknown). */
    public static PullRequestKey parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected owner/repo#N, got '" + text + "'");
        }
        return new PullRequestKey(0, new RepoRef(m.group(1), m.group(2)), Integer.parseInt(m.group(3)));
    }

    public String key() {
        return repo.fullName() + "#" + number;
    }

    @Override
    public String toString() {
        return key();
    }
}
