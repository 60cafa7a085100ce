package dev.aigate.snapshot;

/** A name and e-mail from a commit's author or committer line. */
public record GitIdentity(String name, String email) {
    public static final GitIdentity NONE = new GitIdentity(null, null);
}
