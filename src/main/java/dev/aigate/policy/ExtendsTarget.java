package dev.aigate.policy;

import java.util.List;
import java.util.Locale;

/**
 * Which files an {@code extends: owner/repo:path@ref} may name. The parser checks these rules
 * when it reads the reference (with a located error), and the GitHub shell checks them again
 * before it makes a request, so a reference never becomes an arbitrary API path.
 *
 * <ul>
 *   <li>The path is relative and plain: segments of letters, digits, {@code . _ - +}; no empty,
 *       {@code .} or {@code ..} segment, no backslash, no percent sign (no pre-encoded text), no
 *       control character.</li>
 *   <li>It names a policy: it ends in {@code .yml} or {@code .yaml} and lies in the
 *       owner's {@code .github} repository (anywhere) or, in any other repository, under its
 *       {@code .github/} directory.</li>
 *   <li>The repository belongs to the same owner as the repository being evaluated
 *       ({@link #sameOwner}; checked by the shell, which knows that owner).</li>
 * </ul>
 */
public final class ExtendsTarget {

    /** The repository that holds an owner's shared configuration, readable at any path. */
    public static final String SHARED_REPO = ".github";
    private static final String POLICY_DIR = ".github/";

    private ExtendsTarget() {
    }

    /**
     * Why the target may not be read, or null when it may. Messages quote nothing from the reference
     * beyond the rule it breaks.
     */
    public static String problem(String repo, String path, String ref) {
        int slash = repo == null ? -1 : repo.indexOf('/');
        if (slash <= 0 || repo.indexOf('/', slash + 1) >= 0) {
            return "must name a repository as owner/name";
        }
        String name = repo.substring(slash + 1);
        if (name.equals(".") || name.equals("..") || !plain(repo.substring(0, slash)) || !plain(name)) {
            return "must name a repository as owner/name; '.' and '..' are not repository names";
        }
        String pathProblem = pathProblem(path);
        if (pathProblem != null) {
            return pathProblem;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".yml") && !lower.endsWith(".yaml")) {
            return "must name a policy file ending in .yml or .yaml";
        }
        if (!name.equalsIgnoreCase(SHARED_REPO) && !path.startsWith(POLICY_DIR)) {
            return "may name a file outside .github/ only in the owner's .github repository;"
                    + " move the shared policy to " + SHARED_REPO + " or under .github/";
        }
        if (ref != null && (ref.isEmpty() || ref.contains("..") || ref.indexOf('\\') >= 0 || hasControl(ref))) {
            return "has a ref that is not a branch, tag or commit SHA";
        }
        return null;
    }

    /** Whether {@code repo} ({@code owner/name}) belongs to {@code owner}; GitHub owners are case-insensitive. */
    public static boolean sameOwner(String owner, String repo) {
        int slash = repo == null ? -1 : repo.indexOf('/');
        return owner != null && slash > 0 && repo.substring(0, slash).equalsIgnoreCase(owner);
    }

    /** The path's segments, each safe to percent-encode into a URL. */
    public static List<String> segments(String path) {
        return List.of(path.split("/", -1));
    }

    private static String pathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return "must name a file";
        }
        if (hasControl(path)) {
            return "must not contain control characters";
        }
        if (path.indexOf('\\') >= 0) {
            return "must use '/' between directories, not a backslash";
        }
        if (path.indexOf('%') >= 0) {
            return "must not contain '%': write the path as it is in the repository, not URL-encoded";
        }
        for (String segment : segments(path)) {
            if (segment.isEmpty()) {
                return "must be a relative path without empty segments ('//', or a leading or trailing '/')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "must not contain '.' or '..' segments: it names a file inside the repository";
            }
            if (!plain(segment)) {
                return "may use only letters, digits, '.', '_', '-' and '+' in file and directory names";
            }
        }
        return null;
    }

    private static boolean plain(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String s) {
        return s.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }
}
