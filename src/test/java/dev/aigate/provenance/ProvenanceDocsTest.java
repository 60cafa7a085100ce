package dev.aigate.provenance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/provenance.md must list every signal of the shipped catalogue, and its version. */
class ProvenanceDocsTest {

    @Test
    void everySignalIsDocumented() throws IOException {
        Path doc = Path.of("docs", "provenance.md");
        assertTrue(Files.exists(doc), "docs/provenance.md exists (tests run from the project root)");
        String text = Files.readString(doc);
        SignalCatalogue c = SignalCatalogue.builtIn();
        List<String> missing = new ArrayList<>();
        for (String id : c.signals().keySet()) {
            if (!text.contains("`" + id + "`")) {
                missing.add(id);
            }
        }
        assertTrue(missing.isEmpty(), "undocumented signals: " + missing);
        assertTrue(text.contains(c.version()), "docs name catalogue version " + c.version());
    }
}
