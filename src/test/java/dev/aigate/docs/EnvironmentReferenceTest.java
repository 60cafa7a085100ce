package dev.aigate.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code AIGATE_*} variable the code reads (Java and resources under src/main) has a row in the
 * reference table of docs/install.md, and every row names a variable the code reads.
 */
class EnvironmentReferenceTest {

    /** A full name; a family written {@code AIGATE_QUEUE_*} in prose is not a variable. */
    private static final Pattern VARIABLE = Pattern.compile("\\bAIGATE_[A-Z][A-Z0-9_]*[A-Z0-9]\\b(?!_?\\*)");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(AIGATE_[A-Z0-9_]+)`\\s*\\|");
    private static final String SECTION = "Environment variable reference";

    @Test
    void referenceTableAndCodeNameTheSameVariables() throws IOException {
        Set<String> inCode = inCode();
        Set<String> documented = documented();
        assertTrue(inCode.size() >= 8, "the scan found too little: " + inCode);

        Set<String> undocumented = new TreeSet<>(inCode);
        undocumented.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(inCode);
        assertEquals(Set.of(), undocumented, "read by the code but missing from docs/install.md, section '"
                + SECTION + "'");
        assertEquals(Set.of(), stale, "in docs/install.md's reference but read nowhere in src/main");
    }

    private static Set<String> inCode() throws IOException {
        Set<String> found = new TreeSet<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/main/resources"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = VARIABLE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                    while (m.find()) {
                        found.add(m.group());
                    }
                }
            }
        }
        return found;
    }

    private static Set<String> documented() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/install.md"), StandardCharsets.UTF_8);
        Set<String> rows = new TreeSet<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.contains(SECTION);
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inSection && m.find()) {
                rows.add(m.group(1));
            }
        }
        assertTrue(!rows.isEmpty(), "docs/install.md has no '" + SECTION + "' table");
        return rows;
    }
}
