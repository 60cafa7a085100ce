package dev.aigate.app;

import dev.aigate.provenance.SignalCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signal catalogue the gate uses: the built-in one, plus the operator's extra file named by
 * {@code AIGATE_SIGNALS_FILE} when set (same format, validated as strictly, merged; the evidence
 * names both versions, {@code catalogue 2026.12.1 + acme 3}). A file that is missing, too large,
 * not UTF-8 or invalid stops start-up with {@code file:line:col} and the reason: a gate that
 * silently ran without the operator's signals would let their agents through.
 */
public final class SignalCatalogues {

    private static final Logger LOG = LoggerFactory.getLogger(SignalCatalogues.class);

    private SignalCatalogues() {
    }

    /** The built-in catalogue, extended by the file at {@code setting} when it is not blank. */
    public static SignalCatalogue configured(String setting) {
        SignalCatalogue builtIn = SignalCatalogue.builtIn();
        if (setting == null || setting.isBlank()) {
            return builtIn;
        }
        Path file = Path.of(setting.trim());
        SignalCatalogue c = builtIn.extend(read(file), file.toString(), SignalCatalogue.Trust.OPERATOR);
        LOG.info("signal catalogue {} (AIGATE_SIGNALS_FILE={})", c.version(), file);
        return c;
    }

    /** Reads at most {@link SignalCatalogue#MAX_EXTRA_BYTES} bytes of UTF-8; more is an error, not a cut. */
    public static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(SignalCatalogue.MAX_EXTRA_BYTES + 1);
            if (bytes.length > SignalCatalogue.MAX_EXTRA_BYTES) {
                throw new IllegalStateException("signal catalogue " + file + ":1:1: larger than "
                        + SignalCatalogue.MAX_EXTRA_BYTES / 1024 + " KiB");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("signal catalogue " + file + ":1:1: not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("signal catalogue " + file + ":1:1: cannot be read (AIGATE_SIGNALS_FILE): "
                    + e.getMessage(), e);
        }
    }
}
