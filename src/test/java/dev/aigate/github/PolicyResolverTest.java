package dev.aigate.github;

import dev.aigate.policy.PolicyParser;
import dev.aigate.snapshot.PolicyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyResolverTest {

    @Test
    void theShippedDefaultTravelsInTheJarAndIsValid() throws IOException {
        PolicyFile shipped = new PolicyResolver("").serverDefault().orElseThrow(
                () -> new AssertionError("policies/default.yml is not on the classpath: check the pom's resources"));
        assertEquals(PolicyFile.Origin.SERVER_DEFAULT, shipped.origin());
        assertEquals(Files.readString(Path.of("policies/default.yml")), shipped.text());
        assertTrue(PolicyParser.parse(shipped.text(), shipped.path()).ok());
    }

    @Test
    void noneTurnsTheServerDefaultOff() {
        assertTrue(new PolicyResolver("none").serverDefault().isEmpty());
        assertTrue(new PolicyResolver("NONE").serverDefault().isEmpty());
    }

    @Test
    void aNamedFileIsTheDefaultAndAMissingOneStopsStartUp(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("org-default.yml");
        Files.writeString(file, "version: 1\nrules: []\n");
        PolicyFile named = new PolicyResolver(file.toString()).serverDefault().orElseThrow();
        assertEquals("version: 1\nrules: []\n", named.text());
        // The check run names no path on the server; the start-up log does.
        assertEquals("server default policy", named.location());
        assertFalse(named.location().contains(dir.toString()), named.location());
        assertEquals("server default policy", new PolicyResolver("").serverDefault().orElseThrow().location());
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new PolicyResolver(dir.resolve("missing.yml").toString()));
        assertTrue(e.getMessage().contains("AIGATE_DEFAULT_POLICY"), e.getMessage());
    }
}
