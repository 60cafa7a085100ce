package dev.aigate.setup;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestConversionTest {

    @Test
    void aConnectionErrorIsForTheLogNotForTheBrowser() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String api = "http://127.0.0.1:" + closed;
        ManifestConversion.ConversionException e = assertThrows(ManifestConversion.ConversionException.class,
                () -> new ManifestConversion().exchange(api, "code"));
        assertTrue(e.getMessage().contains("see the server log"), e.getMessage());
        assertFalse(e.getMessage().contains(String.valueOf(closed)), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused"), e.getMessage());
        assertTrue(e.detail().contains(api), e.detail());
    }

    @Test
    void remoteTextIsOneShortLineInTheLog() {
        String line = ManifestConversion.oneLine("a\nb\r\u2028c" + "x".repeat(400));
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), line);
        assertTrue(line.length() <= 301, String.valueOf(line.length()));
    }
}
