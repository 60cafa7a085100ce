package dev.aigate.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped logback.xml in both formats, with the delivery MDC keys. */
class LogFormatTest {

    @Test
    void jsonLinesCarryTheDeliveryKeys() throws Exception {
        String out = logWithShippedConfig("json");
        String[] lines = out.strip().split("\n");
        assertEquals(1, lines.length, out);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertEquals("INFO", line.path("level").asText(), out);
        assertEquals("evaluated acme/widgets#7", line.get("formattedMessage").asText());
        assertEquals("d-1", line.at("/mdc/delivery").asText(), out);
        assertEquals("acme/widgets", line.at("/mdc/repo").asText());
        assertEquals("7", line.at("/mdc/pr").asText());
        assertEquals("42", line.at("/mdc/installation").asText());
        assertTrue(line.has("timestamp"));
    }

    @Test
    void textIsTheDefaultAndStillShowsTheKeys() throws Exception {
        for (String format : new String[] {"text", "", "yaml"}) {
            String out = logWithShippedConfig(format);
            assertFalse(out.startsWith("{"), out);
            assertTrue(out.contains("delivery=d-1"), "[" + out + "]");
            assertTrue(out.contains("repo=acme/widgets"), out);
            assertTrue(out.contains("evaluated acme/widgets#7"), out);
        }
    }

    private static String logWithShippedConfig(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("AIGATE_LOG_FORMAT", format);
        context.setMDCAdapter(MDC.getMDCAdapter());
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            Logger logger = context.getLogger("dev.aigate.app.Example");
            MDC.put("delivery", "d-1");
            MDC.put("repo", "acme/widgets");
            MDC.put("pr", "7");
            MDC.put("installation", "42");
            logger.info("evaluated {}#{}", "acme/widgets", 7);
            context.getLogger("org.example.Noise").info("below the root level");
        } finally {
            MDC.clear();
            context.stop();
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
