package dev.aigate.patterns;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Refuses a regular expression whose compiled program would be too large, before RE2J sees it.
 *
 * <p>RE2J matches in linear time in the input, but its compiler copies counted repetition out:
 * {@code x{1000}} becomes a thousand copies of {@code x}, so {@code ((a{1000}){1000}){1000}}, 30
 * characters, becomes about 10^9 instructions and fills the heap, and {@code (a{1000}){100}b}
 * (10^5 instructions) costs tens of seconds per match against a long body, because every input
 * character steps every live instruction. RE2J 1.8 checks each count against 1000 but not their
 * product, and its parser, syntax tree and program are package-private, so the size cannot be
 * asked of RE2J without compiling. This class estimates it with one scan of the pattern text:
 * escapes ({@code \x{..}}, {@code \p{..}}, {@code \Q..\E}), bracket classes, groups, alternation
 * and the repetition operators, with the counts multiplied along the nesting.
 *
 * <p>The estimate errs upward (a repeated group counts every copy in full), so a pattern it
 * accepts compiles to at most about {@link #MAX_SIZE} instructions. Anything it does not
 * understand is left to RE2J's own syntax check, which runs after it.
 */
public final class RegexBounds {

    /** Largest product of counted repetitions nested inside one another, e.g. {@code (a{10}){100}}. */
    public static final int MAX_NESTED_REPEAT = 1000;
    /** Largest estimated program: one instruction per literal or class, every repetition copied out. */
    public static final int MAX_SIZE = 5000;

    /** Why a pattern is refused, and the character (0-based) of the repetition that makes it so. */
    public record Refusal(int offset, String message) {
    }

    /** A run of pattern being measured: the current branch and the alternatives already closed. */
    private static final class Frame {
        long branch;
        long alternatives;
        long product = 1;
        String chain = "";
        final int open;

        Frame(int open) {
            this.open = open;
        }
    }

    /** The last atom: what a following repetition operator applies to. */
    private long atomSize;
    private long atomProduct = 1;
    private String atomChain = "";
    private boolean haveAtom;

    private RegexBounds() {
    }

    /** Empty when the pattern is within the bounds. */
    public static Optional<Refusal> check(String pattern) {
        return new RegexBounds().scan(pattern);
    }

    /** The estimated program size of a pattern within the bounds (at least 1). */
    public static int size(String pattern) {
        RegexBounds b = new RegexBounds();
        b.scan(pattern);
        return (int) Math.max(1, Math.min(b.total, Integer.MAX_VALUE));
    }

    private long total;

    private Optional<Refusal> scan(String p) {
        Deque<Frame> stack = new ArrayDeque<>();
        Frame top = new Frame(0);
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < n && p.charAt(i + 1) == 'Q') {
                        int end = p.indexOf("\\E", i + 2);
                        int stop = end < 0 ? n : end;
                        for (int k = i + 2; k < stop; k++) {
                            atom(top, 1);
                        }
                        i = end < 0 ? n : end + 2;
                        continue;
                    }
                    i = escapeEnd(p, i);
                    atom(top, 1);
                    continue;
                }
                case '[' -> {
                    i = classEnd(p, i);
                    atom(top, 1);
                    continue;
                }
                case '(' -> {
                    int body = groupBody(p, i);
                    if (body < 0) { // a flag group such as (?i): no atom, nothing to repeat
                        flush(top);
                        i = -body;
                        continue;
                    }
                    flush(top);
                    stack.push(top);
                    top = new Frame(i);
                    i = body;
                    continue;
                }
                case ')' -> {
                    if (stack.isEmpty()) {
                        i++;
                        continue; // RE2J reports the unbalanced parenthesis
                    }
                    flush(top);
                    long size = Math.max(top.branch, 0) + top.alternatives;
                    long product = top.product;
                    String chain = top.chain;
                    top = stack.pop();
                    atomSize = size + 1;
                    atomProduct = product;
                    atomChain = chain;
                    haveAtom = true;
                    i++;
                }
                case '|' -> {
                    flush(top);
                    top.alternatives += top.branch + 1;
                    top.branch = 0;
                    i++;
                    continue;
                }
                case '*', '+', '?' -> {
                    i++;
                    if (i < n && p.charAt(i) == '?') {
                        i++;
                    }
                    if (haveAtom) {
                        atomSize += 1;
                    }
                    continue;
                }
                case '{' -> {
                    int[] repeat = repeat(p, i);
                    if (repeat == null) {
                        atom(top, 1); // a '{' that does not start a count is a literal in RE2
                        i++;
                        continue;
                    }
                    int at = i;
                    i = repeat[2];
                    if (i < n && p.charAt(i) == '?') {
                        i++;
                    }
                    if (!haveAtom) {
                        continue; // RE2J reports the missing argument
                    }
                    long copies = repeat[1] < 0 ? (long) repeat[0] + 1 : Math.max(repeat[0], repeat[1]);
                    String count = p.substring(at, repeat[2]);
                    long product = atomProduct * Math.max(1, copies);
                    String chain = atomChain.isEmpty() ? count : atomChain + " nested in " + count;
                    if (product > MAX_NESTED_REPEAT && !atomChain.isEmpty()) {
                        return Optional.of(new Refusal(at, "repetition too large: " + chain + " multiplies to " + product
                                + "; the limit is " + MAX_NESTED_REPEAT + " (RE2 copies each repetition out when it compiles)"));
                    }
                    atomSize = saturate(atomSize * Math.max(1, copies) + 1);
                    atomProduct = product;
                    atomChain = copies > 1 ? chain : atomChain;
                    if (atomSize > MAX_SIZE) {
                        return Optional.of(tooBig(at, atomSize));
                    }
                    continue;
                }
                default -> {
                    atom(top, 1);
                    i++;
                    continue;
                }
            }
        }
        flush(top);
        while (!stack.isEmpty()) { // an unclosed group: RE2J reports it; measure what there is
            long size = top.branch + top.alternatives;
            top = stack.pop();
            top.branch = saturate(top.branch + size);
        }
        total = saturate(top.branch + top.alternatives);
        if (total > MAX_SIZE) {
            return Optional.of(tooBig(0, total));
        }
        return Optional.empty();
    }

    private static Refusal tooBig(int at, long size) {
        return new Refusal(at, "regular expression too large: it compiles to about " + (size > 1_000_000_000L ? "10^9 or more" : size)
                + " instructions (each counted repetition is copied out); the limit is " + MAX_SIZE
                + ". Use smaller counts, or '+' and '*'");
    }

    /** Starts a new atom, adding the previous one to the branch. */
    private void atom(Frame top, long size) {
        flush(top);
        atomSize = size;
        atomProduct = 1;
        atomChain = "";
        haveAtom = true;
    }

    /** Adds the pending atom to the current branch. */
    private void flush(Frame top) {
        if (haveAtom) {
            top.branch = saturate(top.branch + atomSize);
            if (atomProduct > top.product) {
                top.product = atomProduct;
                top.chain = atomChain;
            }
        }
        haveAtom = false;
        atomSize = 0;
        atomProduct = 1;
        atomChain = "";
    }

    private static long saturate(long v) {
        return v < 0 || v > 4_000_000_000_000L ? 4_000_000_000_000L : v;
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code open}: [n, m or -1 for none, index after '}'], or null. */
    private static int[] repeat(String p, int open) {
        int i = open + 1;
        int start = i;
        while (i < p.length() && Character.isDigit(p.charAt(i))) {
            i++;
        }
        if (i == start || i - start > 8) {
            return null;
        }
        int min = Integer.parseInt(p.substring(start, i));
        int max = min;
        if (i < p.length() && p.charAt(i) == ',') {
            i++;
            int s2 = i;
            while (i < p.length() && Character.isDigit(p.charAt(i))) {
                i++;
            }
            if (i - s2 > 8) {
                return null;
            }
            max = i == s2 ? -1 : Integer.parseInt(p.substring(s2, i));
        }
        if (i >= p.length() || p.charAt(i) != '}') {
            return null;
        }
        return new int[] {min, max, i + 1};
    }

    /**
     * Where the body of the group opened at {@code open} starts, past a header such as
     * {@code ?:}, {@code ?i:}, {@code ?P<name>} or {@code ?<name>}; for a flag group such as
     * {@code (?i)}, minus the index after its {@code )}.
     */
    private static int groupBody(String p, int open) {
        int i = open + 1;
        if (i >= p.length() || p.charAt(i) != '?') {
            return i;
        }
        i++;
        if (p.startsWith("P<", i) || (p.startsWith("<", i) && !p.startsWith("<=", i) && !p.startsWith("<!", i))) {
            int close = p.indexOf('>', i);
            return close < 0 ? p.length() : close + 1;
        }
        while (i < p.length() && (Character.isLetter(p.charAt(i)) || p.charAt(i) == '-')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ')') {
            return -(i + 1);
        }
        return i < p.length() && p.charAt(i) == ':' ? i + 1 : i;
    }

    /** The index after an escape sequence starting at the backslash {@code at}. */
    private static int escapeEnd(String p, int at) {
        int i = at + 1;
        if (i >= p.length()) {
            return p.length();
        }
        char e = p.charAt(i);
        if ((e == 'x' || e == 'p' || e == 'P') && i + 1 < p.length() && p.charAt(i + 1) == '{') {
            int close = p.indexOf('}', i + 2);
            return close < 0 ? p.length() : close + 1;
        }
        if ((e == 'p' || e == 'P') && i + 1 < p.length()) {
            return i + 2;
        }
        if (e == 'x') {
            return Math.min(p.length(), i + 3);
        }
        return i + 1;
    }

    /** The index after a bracket class starting at {@code open}. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                i = escapeEnd(p, i);
                continue;
            }
            if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int close = p.indexOf(":]", i + 2);
                if (close >= 0) {
                    i = close + 2;
                    continue;
                }
            }
            if (c == ']') {
                return i + 1;
            }
            i++;
        }
        return p.length();
    }
}
