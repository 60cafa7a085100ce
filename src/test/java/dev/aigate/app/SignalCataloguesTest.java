package dev.aigate.app;

import dev.aigate.provenance.SignalCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AIGATE_SIGNALS_FILE: the operator's extra catalogue, read once at start-up, refused loudly when wrong. */
class SignalCataloguesTest {

    @TempDir
    Path dir;

    @Test
    void unsetMeansTheBuiltInCatalogue() {
        assertSame(SignalCatalogue.builtIn(), SignalCatalogues.configured(""));
        assertSame(SignalCatalogue.builtIn(), SignalCatalogues.configured(null));
    }

    @Test
    void aFileIsMergedAndNamed() throws IOException {
        Path f = Files.writeString(dir.resolve("acme.yml"), "catalogue_name: acme\ncatalogue_version: \"3\"\n"
                + "labels:\n  - { id: label.acme-ai, names: [acme-ai], source: in-house }\n");
        SignalCatalogue c = SignalCatalogues.configured(f.toString());
        assertEquals(SignalCatalogue.builtIn().version() + " + acme 3", c.version());
        assertTrue(c.signal("label.acme-ai").isPresent());
    }

    @Test
    void aMissingFileStopsStartUp() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> SignalCatalogues.configured(dir.resolve("nope.yml").toString()));
        assertTrue(e.getMessage().contains("nope.yml:1:1: cannot be read (AIGATE_SIGNALS_FILE)"), e.getMessage());
    }

    @Test
    void anOversizedOrBinaryFileIsRefused() throws IOException {
        Path big = Files.write(dir.resolve("big.yml"), new byte[SignalCatalogue.MAX_EXTRA_BYTES + 10]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignalCatalogues.configured(big.toString()));
        assertTrue(e.getMessage().endsWith(":1:1: larger than 256 KiB"), e.getMessage());
        Path binary = Files.write(dir.resolve("bin.yml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> SignalCatalogues.configured(binary.toString()));
        assertTrue(e2.getMessage().endsWith(":1:1: not UTF-8 text"), e2.getMessage());
    }
}
