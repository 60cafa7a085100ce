package dev.aigate.policy;

import com.google.re2j.Pattern;

/**
 * One compiled glob. Two flavours share one compiler:
 *
 * <ul>
 *   <li><b>path</b> globs follow gitignore: {@code *} and {@code ?} stay inside one path segment,
 *   {@code **} as a whole segment spans any number of directories, a pattern with no slash (other
 *   than a trailing one) matches a name at any depth, a leading {@code /} anchors to the repository
 *   root, a trailing {@code /} matches only directories, and a pattern that matches a directory also
 *   matches everything beneath it;</li>
 *   <li><b>name</b> globs (branch names) match the whole name; {@code *} stops at {@code /} and
 *   {@code **} does not.</li>
 * </ul>
 *
 * <p>The common shapes ({@code dir/**}, {@code *.ext}, {@code **}, plain names) are answered with
 * string operations; everything else runs on RE2J, whose matching time is linear in the input, so
 * no pattern can make evaluation slow. Compile once per policy and reuse.
 */
final class Glob {

    private enum Shape { ANY, EXACT, UNDER, SUFFIX, REGEX }

    private final String source;
    private final Shape shape;
    private final String literal;
    private final Pattern regex;

    private Glob(String source, Shape shape, String literal, Pattern regex) {
        this.source = source;
        this.shape = shape;
        this.literal = literal;
        this.regex = regex;
    }

    String source() {
        return source;
    }

    /** Compiles a gitignore-style path glob. */
    static Glob path(String pattern) {
        return compile(pattern, true);
    }

    /** Compiles a whole-name glob, e.g. for branch names. */
    static Glob name(String pattern) {
        return compile(pattern, false);
    }

    boolean matches(String text) {
        return switch (shape) {
            case ANY -> true;
            case EXACT -> text.equals(literal);
            case UNDER -> text.startsWith(literal);
            case SUFFIX -> text.endsWith(literal) || (text.contains(literal + "/") && regex.matches(text));
            case REGEX -> regex.matches(text);
        };
    }

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
        String[] segments = p.split("/", -1);
        StringBuilder re = new StringBuilder();
        if (!anchored) {
            re.append("(?:.*/)?");
        }
        int pos = offset;
        boolean endsWithDoubleStar = false;
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.isEmpty()) {
                throw new GlobSyntaxException("'" + pattern + "' has an empty path segment ('//')", pos);
            }
            if (seg.equals("**")) {
                if (last) {
                    re.append(".*");
                    endsWithDoubleStar = true;
                } else {
                    re.append("(?:.*/)?");
                }
            } else {
                int dbl = seg.indexOf("**");
                if (dbl >= 0 && !escapedAt(seg, dbl)) {
                    throw new GlobSyntaxException("'**' must be a whole path segment, as in 'a/**/b'; "
                            + "use '*' inside a name", pos + dbl);
                }
                segment(seg, pattern, pos, re);
                if (!last) {
                    re.append('/');
                }
            }
            pos += seg.length() + 1;
        }
        if (gitignore && !endsWithDoubleStar) {
            re.append(dirOnly ? "/.*" : "(?:/.*)?");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new GlobSyntaxException("'" + pattern + "' is not a valid pattern: " + e.getDescription(), 0);
        }
        return new Glob(pattern, shapeOf(p, anchored, dirOnly, gitignore), literalOf(p, anchored, dirOnly, gitignore), compiled);
    }

    private static boolean escapedAt(String seg, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && seg.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static void segment(String seg, String pattern, int base, StringBuilder re) {
        int i = 0;
        while (i < seg.length()) {
            char c = seg.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 >= seg.length()) {
                        throw new GlobSyntaxException("'" + pattern + "' ends with a lone backslash", base + i);
                    }
                    i++;
                    re.append(Pattern.quote(String.valueOf(seg.charAt(i))));
                }
                case '[' -> {
                    int close = classEnd(seg, i);
                    if (close < 0) {
                        throw new GlobSyntaxException("'" + pattern + "' has a '[' with no closing ']'", base + i);
                    }
                    re.append(charClass(seg.substring(i + 1, close)));
                    i = close;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
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

    private static String charClass(String body) {
        StringBuilder out = new StringBuilder("[");
        int i = 0;
        if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
            out.append("^/"); // a negated class still never matches the separator
            i = 1;
        }
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                i++;
                c = body.charAt(i);
                out.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
            } else if ("[]^\\".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.append(']').toString();
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
            return isLiteral(p) ? Shape.EXACT : Shape.REGEX;
        }
        if (anchored && p.endsWith("/**") && isLiteral(p.substring(0, p.length() - 3))) {
            return Shape.UNDER;
        }
        if (!dirOnly && (p.startsWith("*") || p.startsWith("**/*")) ) {
            String rest = p.startsWith("**/*") ? p.substring(4) : p.substring(1);
            if (!rest.isEmpty() && isLiteral(rest) && rest.indexOf('/') < 0 && (anchored == p.startsWith("**/"))) {
                return Shape.SUFFIX;
            }
        }
        return Shape.REGEX;
    }

    private static String literalOf(String p, boolean anchored, boolean dirOnly, boolean gitignore) {
        Shape s = shapeOf(p, anchored, dirOnly, gitignore);
        return switch (s) {
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
