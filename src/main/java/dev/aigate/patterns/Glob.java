package dev.aigate.patterns;

import java.util.ArrayList;
import java.util.List;

/**
 * One compiled glob. Two flavours share one compiler:
 *
 * <ul>
 *   <li><b>path</b> globs follow gitignore: {@code *} and {@code ?} stay inside one path segment,
 *   {@code **} as a whole segment spans any number of directories (a trailing {@code /**} at least
 *   one), a pattern with no slash (other than a trailing one) matches a name at any depth, a
 *   leading {@code /} anchors to the repository root, a trailing {@code /} matches only
 *   directories, and a pattern that matches a directory also matches everything beneath it;</li>
 *   <li><b>name</b> globs (branch names) match the whole name; {@code *} stops at {@code /} and
 *   {@code **} does not.</li>
 * </ul>
 *
 * <p>Why not a regular-expression translation: a backtracking engine (java.util.regex, and the
 * JDK's glob PathMatcher built on it) can take exponential time on patterns such as
 * {@code *a*a*a*a*b}, and a linear-time engine (RE2J) costs microseconds per path, far too slow
 * for 50 rules over 3,000 files. Instead the glob is compiled into path segments, and matching is
 * a dynamic programme over (pattern segment, path segment) whose cells run the classic
 * single-star-backtrack wildcard match: at worst O(pattern length x path length), no recursion,
 * no exponential case. A {@code **} row is filled from its first reachable cell in one pass, so
 * many {@code **} against a deep path stay linear too. The common shapes ({@code dir/**},
 * {@code *.ext}, {@code **}, plain names) are answered with one string operation.
 *
 * <p>Patterns come from repositories, so a glob may hold at most {@link #MAX_DOUBLE_STARS}
 * {@code **} segments and {@link #MAX_WILDCARDS} other wildcards; {@link #matches(String, Steps)}
 * reports the work done so an evaluation can be given a budget.
 */
public final class Glob {

    /** Most {@code **} segments in one glob. */
    public static final int MAX_DOUBLE_STARS = 16;
    /** Most {@code *}, {@code ?} and {@code [...]} in one glob. */
    public static final int MAX_WILDCARDS = 32;

    private enum Shape { ANY, EXACT, UNDER, SUFFIX, SEGMENTS }

    private static final int STAR = -1;
    private static final int QUESTION = -2;
    /** Ops at or below this are character classes: index = CLASS_BASE - op. */
    private static final int CLASS_BASE = -3;

    /** One path segment of the pattern: {@code **}, or a sequence of ops. */
    private record Segment(boolean doubleStar, int[] ops, CharClass[] classes) {
    }

    /** A bracket expression such as {@code [a-z_]} or {@code [!0-9]}. */
    private record CharClass(boolean negated, char[] from, char[] to) {
        boolean matches(char c) {
            if (c == '/') {
                return false;
            }
            boolean in = false;
            for (int i = 0; i < from.length && !in; i++) {
                in = c >= from[i] && c <= to[i];
            }
            return in != negated;
        }
    }

    private final String source;
    private final Shape shape;
    private final String literal;
    private final Segment[] segments;
    /** A match of a leading part of the path (a directory) also matches the path. */
    private final boolean parentMatch;
    /** Only a leading part (a directory), never the whole path, may match. */
    private final boolean dirOnly;
    /** Text every match starts with (the literal head of an anchored pattern); checked first. */
    private final String head;

    private Glob(String source, Shape shape, String literal, Segment[] segments, boolean parentMatch, boolean dirOnly, String head) {
        this.source = source;
        this.shape = shape;
        this.literal = literal;
        this.segments = segments;
        this.parentMatch = parentMatch;
        this.dirOnly = dirOnly;
        this.head = head;
    }

    public String source() {
        return source;
    }

    /** Compiles a gitignore-style path glob. */
    public static Glob path(String pattern) {
        return compile(pattern, true);
    }

    /**
     * Compiles a CODEOWNERS pattern: gitignore rules, except that, as GitHub documents,
     * {@code docs/*} covers the files directly in {@code docs/} and not those in its subdirectories.
     */
    public static Glob codeowners(String pattern) {
        Glob g = compile(pattern, true);
        if (pattern.endsWith("/*") && !pattern.endsWith("\\/*")) {
            return new Glob(g.source, g.shape, g.literal, g.segments, false, g.dirOnly, g.head);
        }
        return g;
    }

    /**
     * Compiles a {@code .gitattributes} pattern: gitignore rules, except that a pattern matching a
     * directory does not cover the files beneath it, as git documents for attributes.
     */
    public static Glob attributes(String pattern) {
        Glob g = compile(pattern, true);
        return new Glob(g.source, g.shape, g.literal, g.segments, false, g.dirOnly, g.head);
    }

    /** Compiles a whole-name glob, e.g. for branch names. */
    public static Glob name(String pattern) {
        return compile(pattern, false);
    }

    public boolean matches(String text) {
        return matches(text, Steps.NONE);
    }

    /** Matches, reporting the work done to {@code steps}. */
    public boolean matches(String text, Steps steps) {
        steps.spend(1);
        return switch (shape) {
            case ANY -> !text.isEmpty();
            case EXACT -> text.equals(literal);
            case UNDER -> text.length() > literal.length() && text.startsWith(literal);
            case SUFFIX -> text.endsWith(literal) || (text.contains(literal + "/") && matchSegments(text, steps));
            case SEGMENTS -> text.startsWith(head) && matchSegments(text, steps);
        };
    }

    // ---------------------------------------------------------------- matching

    private boolean matchSegments(String text, Steps steps) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                n++;
            }
        }
        int[] start = new int[n + 1];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/') {
                start[k++] = i + 1;
            }
        }
        start[n] = text.length() + 1; // segment j spans [start[j], start[j+1] - 1)
        int p = segments.length;
        int cols = n + 1;
        boolean[] reach = new boolean[(p + 1) * cols];
        reach[0] = true;
        long work = text.length();
        for (int i = 0; i < p; i++) {
            Segment seg = segments[i];
            boolean trailing = i == p - 1;
            work += cols;
            if (seg.doubleStar()) {
                // every segment from the first reachable one on (one more for a trailing '**')
                int first = 0;
                while (first <= n && !reach[i * cols + first]) {
                    first++;
                }
                for (int t = trailing ? first + 1 : first; t <= n; t++) {
                    reach[(i + 1) * cols + t] = true;
                }
                continue;
            }
            for (int s = 0; s < n; s++) {
                if (reach[i * cols + s]) {
                    int cost = matchSegment(seg, text, start[s], start[s + 1] - 1);
                    work += Math.abs(cost);
                    if (cost > 0) {
                        reach[(i + 1) * cols + s + 1] = true;
                    }
                }
            }
        }
        steps.spend(work);
        int last = p * cols;
        if (!dirOnly && reach[last + n]) {
            return true;
        }
        if (parentMatch || dirOnly) {
            for (int s = 1; s < n; s++) {
                if (reach[last + s]) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The classic wildcard match with single-star backtracking: O(ops x chars) at worst. Returns
     * the comparisons made (at least 1), negated when the segment does not match.
     */
    private static int matchSegment(Segment seg, String text, int from, int to) {
        int[] ops = seg.ops();
        int p = 0;
        int i = from;
        int starP = -1;
        int starI = -1;
        int work = 1;
        while (i < to) {
            work++;
            if (p < ops.length && ops[p] == STAR) {
                starP = p++;
                starI = i;
            } else if (p < ops.length && single(ops[p], seg.classes(), text.charAt(i))) {
                p++;
                i++;
            } else if (starP >= 0) {
                p = starP + 1;
                i = ++starI;
            } else {
                return -work;
            }
        }
        while (p < ops.length && ops[p] == STAR) {
            p++;
        }
        return p == ops.length ? work : -work;
    }

    private static boolean single(int op, CharClass[] classes, char c) {
        if (op >= 0) {
            return op == c;
        }
        if (op == QUESTION) {
            return c != '/';
        }
        return classes[CLASS_BASE - op].matches(c);
    }

    // ---------------------------------------------------------------- compiling

    private static Glob compile(String pattern, boolean gitignore) {
        if (pattern == null || pattern.isEmpty()) {
            throw new GlobSyntaxException("an empty pattern matches nothing", 0);
        }
        String p = pattern;
        boolean anchored = !gitignore;
        boolean dirOnly = false;
        int offset = 0;
        if (gitignore) {
            if (p.startsWith("/")) {
                anchored = true;
                p = p.substring(1);
                offset = 1;
            }
            if (p.endsWith("/") && !p.endsWith("\\/")) {
                dirOnly = true;
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                throw new GlobSyntaxException("'" + pattern + "' names no path", 0);
            }
            if (p.indexOf('/') >= 0) {
                anchored = true;
            }
        }
        List<Segment> segs = new ArrayList<>();
        if (!anchored) {
            segs.add(new Segment(true, null, null));
        }
        String[] parts = p.split("/", -1);
        int pos = offset;
        int doubleStars = 0;
        int[] wildcards = {0};
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new GlobSyntaxException("'" + pattern + "' has an empty path segment ('//')", pos);
            }
            if (part.equals("**") && ++doubleStars > MAX_DOUBLE_STARS) {
                throw new GlobSyntaxException("more than " + MAX_DOUBLE_STARS + " '**' segments in one glob; the limit keeps"
                        + " matching fast. Split it into several globs", pos);
            }
            if (part.equals("**")) {
                if (segs.isEmpty() || !segs.get(segs.size() - 1).doubleStar()) {
                    segs.add(new Segment(true, null, null));
                }
            } else {
                segs.add(segment(part, pattern, pos, wildcards));
            }
            pos += part.length() + 1;
        }
        boolean endsWithDoubleStar = segs.get(segs.size() - 1).doubleStar();
        boolean parentMatch = gitignore && !endsWithDoubleStar;
        Shape shape = shapeOf(p, anchored, dirOnly, gitignore);
        String head = "";
        if (anchored) {
            int cut = 0;
            while (cut < p.length() && "*?[\\".indexOf(p.charAt(cut)) < 0) {
                cut++;
            }
            head = p.substring(0, cut);
        }
        return new Glob(pattern, shape, literalOf(shape, p), segs.toArray(new Segment[0]), parentMatch,
                dirOnly && !endsWithDoubleStar, head);
    }

    private static Segment segment(String part, String pattern, int base, int[] wildcards) {
        List<Integer> ops = new ArrayList<>();
        List<CharClass> classes = new ArrayList<>();
        int i = 0;
        while (i < part.length()) {
            char c = part.charAt(i);
            if ((c == '*' || c == '?' || c == '[') && ++wildcards[0] > MAX_WILDCARDS) {
                throw new GlobSyntaxException("more than " + MAX_WILDCARDS + " wildcards ('*', '?', '[...]') in one glob;"
                        + " the limit keeps matching fast. Split it into several globs", base + i);
            }
            switch (c) {
                case '*' -> {
                    if (i + 1 < part.length() && part.charAt(i + 1) == '*') {
                        throw new GlobSyntaxException("'**' must be a whole path segment, as in 'a/**/b'; use '*' inside a name", base + i);
                    }
                    ops.add(STAR);
                }
                case '?' -> ops.add(QUESTION);
                case '\\' -> {
                    if (i + 1 >= part.length()) {
                        throw new GlobSyntaxException("'" + pattern + "' ends with a lone backslash", base + i);
                    }
                    ops.add((int) part.charAt(++i));
                }
                case '[' -> {
                    int close = classEnd(part, i);
                    if (close < 0) {
                        throw new GlobSyntaxException("'" + pattern + "' has a '[' with no closing ']'", base + i);
                    }
                    classes.add(charClass(part.substring(i + 1, close), pattern, base + i));
                    ops.add(CLASS_BASE - (classes.size() - 1));
                    i = close;
                }
                default -> ops.add((int) c);
            }
            i++;
        }
        return new Segment(false, ops.stream().mapToInt(Integer::intValue).toArray(), classes.toArray(new CharClass[0]));
    }

    private static int classEnd(String seg, int open) {
        int i = open + 1;
        if (i < seg.length() && (seg.charAt(i) == '!' || seg.charAt(i) == '^')) {
            i++;
        }
        if (i < seg.length() && seg.charAt(i) == ']') {
            i++;
        }
        for (; i < seg.length(); i++) {
            if (seg.charAt(i) == '\\') {
                i++;
            } else if (seg.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static CharClass charClass(String body, String pattern, int at) {
        boolean negated = false;
        int i = 0;
        if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
            negated = true;
            i = 1;
        }
        List<Character> chars = new ArrayList<>();
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                c = body.charAt(++i);
            }
            chars.add(c);
            // a '-' between two characters makes a range; mark it with a sentinel pair
            if (i + 2 < body.length() && body.charAt(i + 1) == '-' && body.charAt(i + 2) != ']') {
                char hi = body.charAt(i + 2);
                int skip = 2;
                if (hi == '\\' && i + 3 < body.length()) {
                    hi = body.charAt(i + 3);
                    skip = 3;
                }
                if (hi < c) {
                    throw new GlobSyntaxException("'" + pattern + "' has the range " + c + "-" + hi + ", which is backwards", at);
                }
                chars.add('\uFFFF');
                chars.add(hi);
                i += skip;
            }
        }
        List<char[]> ranges = new ArrayList<>();
        for (int k = 0; k < chars.size(); k++) {
            char lo = chars.get(k);
            char hi = lo;
            if (k + 2 < chars.size() + 0 && chars.get(k + 1) == '\uFFFF') {
                hi = chars.get(k + 2);
                k += 2;
            }
            ranges.add(new char[] {lo, hi});
        }
        char[] from = new char[ranges.size()];
        char[] to = new char[ranges.size()];
        for (int k = 0; k < ranges.size(); k++) {
            from[k] = ranges.get(k)[0];
            to[k] = ranges.get(k)[1];
        }
        return new CharClass(negated, from, to);
    }

    private static boolean isLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[\\".indexOf(s.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static Shape shapeOf(String p, boolean anchored, boolean dirOnly, boolean gitignore) {
        if (p.equals("**")) {
            return Shape.ANY;
        }
        if (!gitignore) {
            return isLiteral(p) ? Shape.EXACT : Shape.SEGMENTS;
        }
        if (anchored && p.endsWith("/**") && isLiteral(p.substring(0, p.length() - 3))) {
            return Shape.UNDER;
        }
        if (!dirOnly && (p.startsWith("**/*") || p.startsWith("*"))) {
            boolean deep = p.startsWith("**/*");
            String rest = deep ? p.substring(4) : p.substring(1);
            if (!rest.isEmpty() && isLiteral(rest) && rest.indexOf('/') < 0 && anchored == deep) {
                return Shape.SUFFIX;
            }
        }
        return Shape.SEGMENTS;
    }

    private static String literalOf(Shape shape, String p) {
        return switch (shape) {
            case EXACT -> p;
            case UNDER -> p.substring(0, p.length() - 2);
            case SUFFIX -> p.startsWith("**/*") ? p.substring(4) : p.substring(1);
            default -> null;
        };
    }

    @Override
    public String toString() {
        return source;
    }
}
