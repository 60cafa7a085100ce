package dev.aigate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy language is defined once: every key table of {@link PolicyParser} says the same as policies/schema.json,
 * key by key. The tables are read from the parser as they are (by reflection), so a key added to the parser and not
 * the schema, or to the schema and not the parser, fails here; so does a new table that is not mapped below.
 */
class PolicySchemaKeysTest {

    /**
     * Where each table lives in the schema: JSON pointers to objects whose {@code properties} (or to enums whose
     * values) together make the table. Several pointers are unioned (a {@code oneOf} of one-key objects).
     */
    private static final Map<String, List<String>> WHERE = Map.ofEntries(
            Map.entry("TOP_KEYS", List.of("")),
            Map.entry("PROVENANCE_KEYS", List.of("/properties/provenance")),
            Map.entry("SIZE_KEYS", List.of("/properties/size/additionalProperties")),
            Map.entry("RULE_KEYS", List.of("/definitions/rule")),
            Map.entry("CONDITION_KEYS", List.of("/definitions/condition")),
            Map.entry("REQUIREMENT_KEYS", List.of("/definitions/requirements")),
            Map.entry("APPROVAL_KEYS", List.of("/definitions/approvals/oneOf/1")),
            Map.entry("FROM_KEYS", List.of("/definitions/approvals/oneOf/1/properties/from")),
            Map.entry("CODEOWNERS_KEYS", List.of("/definitions/requirements/properties/codeowners/oneOf/1")),
            Map.entry("TESTS_KEYS", List.of("/definitions/requirements/properties/tests")),
            Map.entry("CHECK_KEYS", List.of("/definitions/check/oneOf/1", "/definitions/check/oneOf/2")),
            Map.entry("DISCLOSURE_KEYS", List.of("/definitions/requirements/properties/disclosure/oneOf/1")),
            Map.entry("MAX_SIZE_KEYS", List.of("/definitions/requirements/properties/max_size")),
            Map.entry("LABELS_KEYS", List.of("/definitions/requirements/properties/labels/oneOf/1")),
            Map.entry("RANGE_KEYS", List.of("/definitions/range", "/definitions/condition/properties/ai_commit_share")),
            Map.entry("TEXT_KEYS", List.of("/definitions/textMatch/oneOf/1")),
            Map.entry("AUTHOR_KEYS", List.of("/definitions/condition/properties/author")),
            // Value lists: enums in the schema.
            Map.entry("INVALIDATIONS", List.of("/definitions/approvals/oneOf/1/properties/invalidate_on",
                    "/definitions/requirements/properties/codeowners/oneOf/1/properties/invalidate_on")),
            Map.entry("PROVENANCE_CLASSES", List.of("/definitions/provenanceClass", "/properties/labels_sync")),
            Map.entry("EXCLUDES", List.of("/definitions/exclude/oneOf/0", "/definitions/exclude/oneOf/1/items")),
            Map.entry("PERMISSIONS", List.of("/definitions/approvals/oneOf/1/properties/from/properties/permission")));

    private static JsonNode schema;

    @BeforeAll
    static void load() throws IOException {
        schema = new ObjectMapper().readTree(Path.of("policies/schema.json").toFile());
    }

    /** Every {@code static final List<String>} of the parser: its key tables and value lists. */
    private static Map<String, List<String>> parserTables() throws IllegalAccessException {
        Map<String, List<String>> tables = new TreeMap<>();
        for (Field f : PolicyParser.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && List.class.isAssignableFrom(f.getType())) {
                f.setAccessible(true);
                List<?> values = (List<?>) f.get(null);
                if (values.stream().allMatch(v -> v instanceof String)) {
                    tables.put(f.getName(), values.stream().map(String.class::cast).toList());
                }
            }
        }
        return tables;
    }

    /** The keys (or enum values) at one schema pointer; each pointer must name an object with properties or an enum. */
    private static Set<String> schemaKeys(String pointer) {
        JsonNode node = schema.at(pointer);
        assertFalse(node.isMissingNode(), "schema.json has nothing at " + pointer);
        Set<String> keys = new TreeSet<>();
        if (node.has("properties")) {
            node.get("properties").fieldNames().forEachRemaining(keys::add);
        } else if (node.has("enum")) {
            node.get("enum").forEach(v -> keys.add(v.asText()));
        } else {
            throw new AssertionError("schema.json at " + pointer + " has neither properties nor an enum");
        }
        return keys;
    }

    @Test
    void everyParserTableIsMappedToTheSchema() throws IllegalAccessException {
        Set<String> unmapped = new TreeSet<>(parserTables().keySet());
        unmapped.removeAll(WHERE.keySet());
        assertEquals(Set.of(), unmapped, "PolicyParser tables with no place in schema.json: add them to WHERE (and the schema)");
        Set<String> gone = new TreeSet<>(WHERE.keySet());
        gone.removeAll(parserTables().keySet());
        assertEquals(Set.of(), gone, "WHERE names tables PolicyParser no longer has");
    }

    /** Tables whose schema pointers are unioned: a {@code oneOf} of one-key objects. Every other pointer must match alone. */
    private static final Set<String> UNIONS = Set.of("CHECK_KEYS");

    @Test
    void theSchemaAndTheParserKnowTheSameKeysKeyByKey() throws IllegalAccessException {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, List<String>> table : parserTables().entrySet()) {
            Set<String> parser = new TreeSet<>(table.getValue());
            List<String> pointers = WHERE.getOrDefault(table.getKey(), List.of());
            if (UNIONS.contains(table.getKey())) {
                Set<String> union = new TreeSet<>();
                pointers.forEach(pointer -> union.addAll(schemaKeys(pointer)));
                diff(table.getKey(), String.join(" + ", pointers), parser, union, differences);
            } else {
                for (String pointer : pointers) {
                    diff(table.getKey(), pointer, parser, schemaKeys(pointer), differences);
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    private static void diff(String table, String pointer, Set<String> parser, Set<String> inSchema, List<String> out) {
        for (String k : parser) {
            if (!inSchema.contains(k)) {
                out.add(table + ": '" + k + "' is read by the parser but missing from schema.json at " + pointer);
            }
        }
        for (String k : inSchema) {
            if (!parser.contains(k)) {
                out.add(table + ": '" + k + "' is in schema.json at " + pointer + " but the parser does not read it");
            }
        }
    }

    /** The cross-check itself catches a difference: a key the schema lacks is reported with its table and place. */
    @Test
    void aMissingKeyIsReportedWithItsTableAndPlace() {
        List<String> out = new ArrayList<>();
        diff("CONDITION_KEYS", "/definitions/condition", new TreeSet<>(List.of("draft", "new_key")),
                new TreeSet<>(List.of("draft", "old_key")), out);
        assertEquals(List.of(
                "CONDITION_KEYS: 'new_key' is read by the parser but missing from schema.json at /definitions/condition",
                "CONDITION_KEYS: 'old_key' is in schema.json at /definitions/condition but the parser does not read it"), out);
        assertTrue(PolicyParser.CONDITION_KEYS.contains("draft"));
    }
}
