package dev.aigate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.aigate.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link RoutingScan} keeps what Jackson's filtering parser kept ({@link JacksonRoutingOracle}) and refuses what
 * Jackson refuses: on every example payload, on edge cases of the tree's shape and of JSON's grammar, and on
 * payloads with random bytes changed. It is stricter in one way only: content after the object is refused.
 */
class RoutingScanTest {

    private static final List<String> SHAPES = List.of("a", "o.x", "o.y.z", "arr[].k", "arr[].deep[].v", "n");
    private static final RoutingScan.Path SHAPE_TREE = RoutingScan.Path.of(SHAPES);
    private static final RoutingScan.Path ROUTING_TREE = RoutingScan.Path.of(RoutingFields.PATHS);

    static Stream<Path> examples() throws Exception {
        return RoutingFieldsTest.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void keepsWhatJacksonKeptOnEveryExample(Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        assertSame(body, ROUTING_TREE, RoutingFields.PATHS);
        // Compact, as well as pretty-printed: the same tree.
        assertSame(Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(body)), ROUTING_TREE, RoutingFields.PATHS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"a\": 1}",
        "{\"a\": {\"deep\": [1, {\"x\": null}]}, \"other\": {\"a\": 2}}",
        "{\"a\": 1, \"a\": \"second\"}",
        "{\"o\": {\"x\": 1}, \"o\": {\"x\": 2}}",
        "{\"o\": {\"x\": 1}, \"o\": {\"nothing\": 2}}",
        "{\"o\": {\"x\": 1}, \"o\": 7}",
        "{\"o\": 7}",
        "{\"o\": null, \"arr\": \"text\"}",
        "{\"o\": {}}",
        "{\"o\": {\"y\": {}}}",
        "{\"o\": {\"y\": {\"z\": []}}}",
        "{\"o\": {\"y\": [{\"z\": 1}, {\"w\": 2}, 3]}}",
        "{\"arr\": []}",
        "{\"arr\": [1, \"two\", null, true, [], {}, {\"k\": 3}, {\"j\": 4}, [{\"k\": 5}], [[6]]]}",
        "{\"arr\": [{\"deep\": [{\"v\": 1}, {\"w\": 2}, 9]}, {\"deep\": {\"v\": 3}}]}",
        "{\"\\u0061\": \"escaped name\", \"o\": {\"\\u0078\": \"x by escape\"}}",
        "{\"a\\u0000\": 1, \"\\\"a\": 2, \"a\\n\": 3}",
        "{\"a\": \"caf\u00e9 \u2603 \ud83d\ude00\", \"n\": \"line\\nbreak \\\"quoted\\\" \\u00e9 \\ud83d\\ude00\"}",
        "{\"a\": 0, \"n\": -0}",
        "{\"a\": 2147483647, \"n\": 2147483648}",
        "{\"a\": -2147483648, \"n\": -2147483649}",
        "{\"a\": 999999999999999999, \"n\": -999999999999999999}",
        "{\"a\": 9223372036854775807, \"n\": 9223372036854775808}",
        "{\"a\": 123456789012345678901234567890, \"n\": -1}",
        "{\"a\": 1.5, \"n\": -0.0}",
        "{\"a\": 1e5, \"n\": 2.5E-3}",
        "{\"a\": 1E+2, \"n\": 0e0}",
        "{\"a\": true, \"n\": false, \"o\": {\"x\": null}}",
        "{\"skipped\": {\"a\": [1, 2, {\"b\": [true, false, null, \"s\\\\\", -1.5e-9]}], \"c\": {}}, \"a\": []}",
        " \n\t\r{ \"a\" \n:\t\"spaced\" \r\n, \"o\" : { \"x\" : [ ] } } \n",
    })
    void keepsWhatJacksonKeptWhateverTheShape(String json) throws IOException {
        assertSame(json.getBytes(StandardCharsets.UTF_8), SHAPE_TREE, SHAPES);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": 1,}",
        "{\"skipped\": {\"b\": 1,}}",
        "{\"skipped\": [1, 2,]}",
        "{\"skipped\" 1}",
        "{\"skipped\": 1 \"a\": 2}",
        "{skipped: 1}",
        "{'skipped': 1}",
        "{\"skipped\": 'x'}",
        "{\"skipped\": \"bad \\x escape\"}",
        "{\"skipped\": \"bad \\u12G4 escape\"}",
        "{\"skipped\": \"tab\tinside\"}",
        "{\"skipped\": 01}",
        "{\"skipped\": 1.}",
        "{\"skipped\": .5}",
        "{\"skipped\": -}",
        "{\"skipped\": +1}",
        "{\"skipped\": 1e}",
        "{\"skipped\": 1e+}",
        "{\"skipped\": tru}",
        "{\"skipped\": nul}",
        "{\"skipped\": NaN}",
        "{\"skipped\": [1 2]}",
        "{\"skipped\": [}",
        "{\"skipped\": {]}",
        "{\"skipped\": [1]]}",
        "{\"skipped\": \"unterminated}",
        "{\"a\": \"unterminated}",
        "{\"o\": {\"x\": 1,}}",
        "{\"arr\": [{\"k\": 1} {\"k\": 2}]}",
        "{\"skipped\": /* comment */ 1}",
        "{\"a\": 1",
        "{\"a\": ",
        "{",
    })
    void refusesWhatJacksonRefuses(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> new JacksonRoutingOracle(SHAPES).read(Fixtures.JSON, body), "Jackson");
        assertThrows(IOException.class, () -> RoutingScan.read(Fixtures.JSON, body, SHAPE_TREE), "the scan");
    }

    @Test
    void refusesBytesThatAreNotUtf8WhereJacksonDoes() {
        byte[][] bodies = {
            {'{', '"', 's', '"', ':', '"', (byte) 0xC3, '"', '}'},          // a lead byte without its continuation
            {'{', '"', 's', '"', ':', '"', (byte) 0x80, '"', '}'},          // a continuation byte alone
            {'{', '"', 's', '"', ':', '"', (byte) 0xE2, (byte) 0x98, '"', '}'},
            {'{', '"', 's', '"', ':', '"', (byte) 0xFF, '"', '}'},
            {'{', '"', 's', '"', ':', (byte) 0xC3, (byte) 0xA9, '}'},       // outside a string
        };
        for (byte[] body : bodies) {
            assertThrows(IOException.class, () -> new JacksonRoutingOracle(SHAPES).read(Fixtures.JSON, body), "Jackson");
            assertThrows(IOException.class, () -> RoutingScan.read(Fixtures.JSON, body, SHAPE_TREE), "the scan");
        }
    }

    @Test
    void everyCutOfAPayloadIsRefused() throws IOException {
        byte[] body = Fixtures.JSON.writeValueAsBytes(Fixtures.webhook("pull_request", "synchronize.1"));
        for (int length = 0; length < body.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(body, length);
            try {
                RoutingScan.read(Fixtures.JSON, cut, ROUTING_TREE);
                fail("a body cut after " + length + " of " + body.length + " bytes was read");
            } catch (IOException expected) {
                // as it should be
            }
        }
    }

    @Test
    void refusesNestingDeeperThanJacksonAllows() throws IOException {
        int limit = Fixtures.JSON.getFactory().streamReadConstraints().getMaxNestingDepth();
        for (String where : List.of("skipped", "a", "o")) {
            String inside = "[".repeat(limit - 1) + "]".repeat(limit - 1);
            String ok = "{\"" + where + "\": " + inside + "}";
            String deep = "{\"" + where + "\": [" + inside + "]}";
            assertSame(ok.getBytes(StandardCharsets.UTF_8), SHAPE_TREE, SHAPES);
            byte[] body = deep.getBytes(StandardCharsets.UTF_8);
            assertThrows(IOException.class, () -> new JacksonRoutingOracle(SHAPES).read(Fixtures.JSON, body), where);
            IOException e = assertThrows(IOException.class, () -> RoutingScan.read(Fixtures.JSON, body, SHAPE_TREE));
            assertTrue(e.getMessage().contains("nested deeper than " + limit), e.getMessage());
        }
    }

    @Test
    void refusesContentAfterTheObjectWhichJacksonsFilterLetThrough() throws IOException {
        byte[] body = "{\"a\": 1} {\"a\": 2}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, new JacksonRoutingOracle(SHAPES).read(Fixtures.JSON, body).path("a").asInt());
        IOException e = assertThrows(IOException.class, () -> RoutingScan.read(Fixtures.JSON, body, SHAPE_TREE));
        assertTrue(e.getMessage().startsWith("content after the JSON object at byte 9"), e.getMessage());
    }

    /** Each byte value at each offset of a string value, so it falls in every place of the words the scan reads. */
    @Test
    void agreesWithJacksonOnEveryByteAtEveryOffsetOfAString() throws IOException {
        for (int value = 0; value < 256; value++) {
            for (int offset = 0; offset < 2 * Long.BYTES * 2; offset++) {
                String name = offset % 2 == 0 ? "skipped" : "a"; // skipped, or kept
                byte[] head = ("{\"" + name + "\": \"" + "x".repeat(offset / 2)).getBytes(StandardCharsets.US_ASCII);
                byte[] tail = ("y".repeat(20) + "\", \"n\": \"" + "z".repeat(offset / 2) + "\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] body = new byte[head.length + 1 + tail.length];
                System.arraycopy(head, 0, body, 0, head.length);
                body[head.length] = (byte) value;
                System.arraycopy(tail, 0, body, head.length + 1, tail.length);
                JsonNode expected;
                try {
                    expected = new JacksonRoutingOracle(SHAPES).read(Fixtures.JSON, body);
                } catch (IOException e) {
                    expected = null;
                }
                String where = "byte 0x" + Integer.toHexString(value) + " after " + offset / 2 + " in " + name;
                if (expected == null) {
                    assertThrows(IOException.class, () -> RoutingScan.read(Fixtures.JSON, body, SHAPE_TREE), where);
                } else {
                    assertEquals(expected, RoutingScan.read(Fixtures.JSON, body, SHAPE_TREE), where);
                }
            }
        }
    }

    /** Random bytes changed, inserted or removed: both read the same tree, or both refuse. */
    @Test
    void agreesWithJacksonOnDamagedPayloads() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("synchronize.1", "opened.1", "closed.1")) {
            byte[] pretty = Fixtures.toBytes(Fixtures.webhook("pull_request", name));
            seeds.add(pretty);
            seeds.add(Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(pretty)));
        }
        byte[] alphabet = "{}[]\":,\\ 0123456789-+.eEtrufalsn\n\t\u0001".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(13);
        int agreedAccepting = 0;
        for (int round = 0; round < 3_000; round++) {
            byte[] seed = seeds.get(round % seeds.size());
            byte[] damaged = damage(seed, random, alphabet);
            JsonNode expected;
            try {
                expected = new JacksonRoutingOracle(RoutingFields.PATHS).read(Fixtures.JSON, damaged);
            } catch (IOException e) {
                expected = null;
            }
            try {
                JsonNode actual = RoutingScan.read(Fixtures.JSON, damaged, ROUTING_TREE);
                if (expected == null) {
                    fail("the scan read what Jackson refuses: " + new String(damaged, StandardCharsets.UTF_8));
                }
                assertEquals(expected, actual);
                agreedAccepting++;
            } catch (IOException e) {
                if (expected != null && !e.getMessage().startsWith("content after the JSON object")) {
                    fail("the scan refused what Jackson reads (" + e.getMessage() + "): "
                            + new String(damaged, StandardCharsets.UTF_8));
                }
            }
        }
        assertTrue(agreedAccepting > 100, "damage that leaves valid JSON was tried too: " + agreedAccepting);
    }

    private static byte[] damage(byte[] seed, Random random, byte[] alphabet) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(2);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(out.length);
            byte with = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            switch (random.nextInt(3)) {
                case 0 -> out[at] = with;
                case 1 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = with;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                default -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
            }
        }
        return out;
    }

    /** The scan's tree equals the oracle's, value types included (an int is not a long). */
    private static void assertSame(byte[] body, RoutingScan.Path tree, List<String> paths) throws IOException {
        JsonNode expected = new JacksonRoutingOracle(paths).read(Fixtures.JSON, body);
        JsonNode actual = RoutingScan.read(Fixtures.JSON, body, tree);
        assertEquals(expected, actual, new String(body, StandardCharsets.UTF_8));
        assertTypes(expected, actual);
    }

    private static void assertTypes(JsonNode expected, JsonNode actual) {
        assertEquals(expected.getNodeType(), actual.getNodeType());
        assertEquals(expected.numberType(), actual.numberType(), expected.toString());
        if (expected.getNodeType() == JsonNodeType.OBJECT) {
            expected.fields().forEachRemaining(e -> assertTypes(e.getValue(), actual.get(e.getKey())));
        } else if (expected.getNodeType() == JsonNodeType.ARRAY) {
            for (int i = 0; i < expected.size(); i++) {
                assertTypes(expected.get(i), actual.get(i));
            }
        }
    }
}
