package dev.aigate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over a webhook body that checks all of it is JSON and keeps only the values on the routing paths
 * ({@link RoutingFields#PATHS}).
 *
 * <p>Why our own scanner and not Jackson alone: Jackson cannot step over a value without tokenising it. Its
 * {@code skipChildren}, and the filtering parser ingress used before, read every name inside the skipped objects
 * and canonicalise it (hash, symbol table), and at 3,700 deliveries/s of 28 KB that was 55 % of the event loops'
 * time (docs/performance.md). Here a skipped value is only checked, byte by byte against a table: the grammar of
 * RFC 8259, the UTF-8 lead and continuation bytes Jackson checks, and Jackson's nesting limit. Names are compared
 * as bytes with the few the current object can hold. Every value that is kept is still read by Jackson from its
 * own bytes, except plain ASCII strings, small integers and the three literals, which are built the way Jackson
 * builds them ({@link TextNode}, {@link IntNode} or {@link LongNode}, {@link BooleanNode}, {@link NullNode}).
 *
 * <p>The kept tree is what Jackson's {@code FilteringParserDelegate} kept with {@code INCLUDE_ALL_AND_PATH}: a
 * path's object or array appears only when something under it was kept, a scalar where a path expects an object
 * is kept as it is, and of a name that appears twice the last kept value wins. {@code RoutingScanTest} compares
 * the two on every example payload and on hostile ones.
 */
final class RoutingScan {

    /** What one name of an object leads to: a leaf keeps its whole value, an inner path only its children. */
    static final class Path {
        private final String name;
        private final byte[] bytes;
        private final Map<String, Path> children = new HashMap<>();
        private Path[] ordered = new Path[0];

        private Path(String name) {
            this.name = name;
            this.bytes = name.getBytes(StandardCharsets.UTF_8);
        }

        /** A tree of dotted paths; {@code []} marks an array whose elements the rest of the path filters. */
        static Path of(List<String> paths) {
            Path root = new Path("");
            for (String path : paths) {
                Path node = root;
                for (String part : path.replace("[]", "").split("\\.")) {
                    Path parent = node;
                    node = parent.children.computeIfAbsent(part, Path::new);
                    parent.ordered = parent.children.values().toArray(new Path[0]);
                }
            }
            return root;
        }

        boolean isLeaf() {
            return children.isEmpty();
        }

        /** The child named by the bytes {@code [from, to)}, which hold no escape. */
        Path child(byte[] b, int from, int to) {
            int length = to - from;
            for (Path p : ordered) {
                byte[] n = p.bytes;
                if (n.length == length && equal(n, b, from)) {
                    return p;
                }
            }
            return null;
        }

        Path child(String decoded) {
            return children.get(decoded);
        }

        private static boolean equal(byte[] name, byte[] b, int from) {
            for (int i = 0; i < name.length; i++) {
                if (name[i] != b[from + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The body is not JSON; the message says where. */
    static final class MalformedJsonException extends IOException {
        MalformedJsonException(String message, int at) {
            super(message + " at byte " + at);
        }
    }

    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte CONTROL = 3;
    private static final byte LEAD_2 = 4;
    private static final byte LEAD_3 = 5;
    private static final byte LEAD_4 = 6;
    private static final byte INVALID = 7;
    /** How each byte inside a string is treated; as Jackson's UTF-8 input codes. */
    private static final byte[] IN_STRING = new byte[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            IN_STRING[c] = CONTROL;
        }
        IN_STRING['"'] = QUOTE;
        IN_STRING['\\'] = BACKSLASH;
        for (int c = 0x80; c < 0x100; c++) {
            IN_STRING[c] = c < 0xC0 ? INVALID : c < 0xE0 ? LEAD_2 : c < 0xF0 ? LEAD_3 : c < 0xF8 ? LEAD_4 : INVALID;
        }
    }

    /** Flags a string's scan returns. */
    private static final int ESCAPED = 1;
    private static final int NOT_ASCII = 2;

    private final ObjectMapper json;
    private final byte[] b;
    private final int end;
    private final int maxDepth;
    /** Per open container of a skipped value: whether it is an object. */
    private boolean[] open = new boolean[16];
    private int pos;

    private RoutingScan(ObjectMapper json, byte[] body, int length) {
        this.json = json;
        this.b = body;
        this.end = length;
        this.maxDepth = json.getFactory().streamReadConstraints().getMaxNestingDepth();
    }

    /**
     * The kept tree of a body whose first byte that is not white space is <code>{</code>; an empty object when
     * nothing was kept.
     *
     * @throws IOException when any part of the body is not JSON, or anything but white space follows it
     */
    static ObjectNode read(ObjectMapper json, byte[] body, Path paths) throws IOException {
        return read(json, body, body.length, paths);
    }

    /** As {@link #read(ObjectMapper, byte[], Path)}, for a body in the first {@code length} bytes of the array. */
    static ObjectNode read(ObjectMapper json, byte[] body, int length, Path paths) throws IOException {
        RoutingScan scan = new RoutingScan(json, body, length);
        scan.whitespace();
        scan.expect('{');
        ObjectNode kept = scan.object(paths, 1);
        scan.whitespace();
        if (scan.pos != scan.end) {
            throw new MalformedJsonException("content after the JSON object", scan.pos);
        }
        return kept == null ? json.createObjectNode() : kept;
    }

    /** After an object's <code>{</code>: its kept members, or null when none was kept. */
    private ObjectNode object(Path paths, int depth) throws IOException {
        depth(depth);
        whitespace();
        if (peek() == '}') {
            pos++;
            return null;
        }
        ObjectNode kept = null;
        while (true) {
            whitespace();
            expect('"');
            int from = pos;
            int flags = string();
            Path path = (flags & ESCAPED) == 0 ? paths.child(b, from, pos - 1)
                    : paths.child(json.readValue(b, from - 1, pos - from + 1, String.class));
            whitespace();
            expect(':');
            whitespace();
            JsonNode value = null;
            if (path == null) {
                skipValue(depth);
            } else if (path.isLeaf()) {
                value = leaf(depth);
            } else {
                value = filtered(path, depth);
            }
            if (value != null) {
                if (kept == null) {
                    kept = json.createObjectNode();
                }
                kept.set(path.name, value);
            }
            whitespace();
            byte c = next();
            if (c == '}') {
                return kept;
            }
            if (c != ',') {
                throw new MalformedJsonException("expected ',' or '}' in an object", pos - 1);
            }
        }
    }

    /** After an array's <code>[</code>, under an inner path: its kept elements, or null when none was kept. */
    private ArrayNode array(Path paths, int depth) throws IOException {
        depth(depth);
        whitespace();
        if (peek() == ']') {
            pos++;
            return null;
        }
        ArrayNode kept = null;
        while (true) {
            whitespace();
            JsonNode value = filtered(paths, depth);
            if (value != null) {
                if (kept == null) {
                    kept = json.createArrayNode();
                }
                kept.add(value);
            }
            whitespace();
            byte c = next();
            if (c == ']') {
                return kept;
            }
            if (c != ',') {
                throw new MalformedJsonException("expected ',' or ']' in an array", pos - 1);
            }
        }
    }

    /** A value under an inner path: an object or array is filtered further, a scalar is kept as it is. */
    private JsonNode filtered(Path paths, int depth) throws IOException {
        byte c = peek();
        if (c == '{') {
            pos++;
            return object(paths, depth + 1);
        }
        if (c == '[') {
            pos++;
            return array(paths, depth + 1);
        }
        return leaf(depth);
    }

    /** A whole value, as Jackson reads it. */
    private JsonNode leaf(int depth) throws IOException {
        int from = pos;
        byte c = peek();
        if (c == '"') {
            pos++;
            int flags = string();
            if (flags == 0) {
                return TextNode.valueOf(new String(b, from + 1, pos - from - 2, StandardCharsets.ISO_8859_1));
            }
        } else {
            skipValue(depth);
            JsonNode simple = simple(c, from, pos);
            if (simple != null) {
                return simple;
            }
        }
        return json.readTree(b, from, pos - from);
    }

    /** The literals, and integers that fit a long, as Jackson's tree holds them; null for anything else. */
    private JsonNode simple(byte first, int from, int to) {
        switch (first) {
            case 't':
                return BooleanNode.TRUE;
            case 'f':
                return BooleanNode.FALSE;
            case 'n':
                return NullNode.instance;
            default:
                break;
        }
        int i = first == '-' ? from + 1 : from;
        if (to - i > 18) {
            return null;
        }
        long value = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return null; // a fraction or an exponent: Jackson's to read
            }
            value = value * 10 + d;
        }
        if (first == '-') {
            value = -value;
        }
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /** Checks one value and steps over it; containers without recursion, so the depth costs no stack. */
    private void skipValue(int depth) throws IOException {
        byte c = peek();
        if (c != '{' && c != '[') {
            scalar();
            return;
        }
        int top = 0;
        while (true) {
            // At the start of a value.
            c = peek();
            if (c == '{' || c == '[') {
                pos++;
                if (depth + top + 1 > maxDepth) {
                    throw new MalformedJsonException("nested deeper than " + maxDepth + " levels", pos - 1);
                }
                if (top == open.length) {
                    open = Arrays.copyOf(open, top * 2);
                }
                boolean isObject = c == '{';
                open[top++] = isObject;
                whitespace();
                if (peek() == (isObject ? '}' : ']')) {
                    pos++;
                    top--;
                } else if (isObject) {
                    name();
                    continue;
                } else {
                    continue;
                }
            } else {
                scalar();
            }
            // After a value: close what ends here, then go on to the next value, or return when all is closed.
            while (true) {
                if (top == 0) {
                    return;
                }
                whitespace();
                byte d = next();
                boolean inObject = open[top - 1];
                if (d == (inObject ? '}' : ']')) {
                    top--;
                    continue;
                }
                if (d != ',') {
                    throw new MalformedJsonException(inObject ? "expected ',' or '}' in an object"
                            : "expected ',' or ']' in an array", pos - 1);
                }
                whitespace();
                if (inObject) {
                    name();
                }
                break;
            }
        }
    }

    /** A member's name and its colon, up to the start of its value. */
    private void name() throws IOException {
        expect('"');
        string();
        whitespace();
        expect(':');
        whitespace();
    }

    private void scalar() throws IOException {
        byte c = peek();
        switch (c) {
            case '"' -> {
                pos++;
                string();
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw new MalformedJsonException("unexpected character '" + printable(c) + "'", pos);
                }
            }
        }
    }

    /** After a string's opening quote, up to and past its closing quote; returns {@link #ESCAPED}, {@link #NOT_ASCII}. */
    private int string() throws IOException {
        int flags = 0;
        byte[] in = b;
        while (true) {
            int p = pos;
            while (p < end && IN_STRING[in[p] & 0xFF] == PLAIN) {
                p++;
            }
            if (p >= end) {
                throw new MalformedJsonException("unterminated string", p);
            }
            pos = p + 1;
            switch (IN_STRING[in[p] & 0xFF]) {
                case QUOTE:
                    return flags;
                case BACKSLASH:
                    escape();
                    flags |= ESCAPED;
                    break;
                case LEAD_2:
                    continuation(1);
                    flags |= NOT_ASCII;
                    break;
                case LEAD_3:
                    continuation(2);
                    flags |= NOT_ASCII;
                    break;
                case LEAD_4:
                    continuation(3);
                    flags |= NOT_ASCII;
                    break;
                case CONTROL:
                    throw new MalformedJsonException("unescaped control character in a string", p);
                default:
                    throw new MalformedJsonException("invalid UTF-8 start byte", p);
            }
        }
    }

    private void escape() throws IOException {
        byte c = next();
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                for (int i = 0; i < 4; i++) {
                    byte h = next();
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                        throw new MalformedJsonException("bad \\u escape", pos - 1);
                    }
                }
            }
            default -> throw new MalformedJsonException("unknown escape", pos - 1);
        }
    }

    private void continuation(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (pos >= end) {
                throw new MalformedJsonException("unterminated string", pos);
            }
            if ((b[pos] & 0xC0) != 0x80) {
                throw new MalformedJsonException("invalid UTF-8 middle byte", pos);
            }
            pos++;
        }
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private void number() throws IOException {
        if (peek() == '-') {
            pos++;
        }
        byte c = next();
        if (c == '0') {
            if (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                throw new MalformedJsonException("leading zeroes are not allowed", pos);
            }
        } else if (c >= '1' && c <= '9') {
            digits(false);
        } else {
            throw new MalformedJsonException("a number needs a digit", pos - 1);
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            digits(true);
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            digits(true);
        }
    }

    private void digits(boolean atLeastOne) throws IOException {
        int from = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (atLeastOne && pos == from) {
            throw new MalformedJsonException("a number needs a digit", pos);
        }
    }

    private void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= end || b[pos] != word.charAt(i)) {
                throw new MalformedJsonException("unrecognised token (expected " + word + ")", pos);
            }
            pos++;
        }
    }

    private void depth(int depth) throws IOException {
        if (depth > maxDepth) {
            throw new MalformedJsonException("nested deeper than " + maxDepth + " levels", pos - 1);
        }
    }

    private void whitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) throws IOException {
        if (pos >= end || b[pos] != c) {
            throw new MalformedJsonException(pos >= end ? "unexpected end of the body (expected '" + c + "')"
                    : "expected '" + c + "', found '" + printable(b[pos]) + "'", pos);
        }
        pos++;
    }

    private byte peek() throws IOException {
        if (pos >= end) {
            throw new MalformedJsonException("unexpected end of the body", pos);
        }
        return b[pos];
    }

    private byte next() throws IOException {
        byte c = peek();
        pos++;
        return c;
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("0x%02X", c & 0xFF);
    }
}
