package dev.aigate.webhook;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte budget of bodies in memory, and reading a body under it. */
class IngressBudgetTest {

    @Test
    void aDeclaredBodyReservesItsLengthBeforeItIsReadAndGivesItBack() throws Exception {
        IngressBudget budget = new IngressBudget(1000, 1000);
        BufferedBody first = BufferedBody.admit(budget, 600);
        assertNotNull(first);
        assertEquals(600, budget.inUse());
        assertNull(BufferedBody.admit(budget, 401), "does not fit next to the first");
        BufferedBody second = BufferedBody.admit(budget, 400);
        assertNotNull(second, "fits exactly");
        assertArrayEquals(new byte[600], first.readFrom(new ByteArrayInputStream(new byte[600])));
        first.close();
        second.close();
        assertEquals(0, budget.inUse());
    }

    @Test
    void aChunkedBodyReservesAsItGrowsAndIsRefusedWhenItWouldOverdraw() throws Exception {
        IngressBudget budget = new IngressBudget(3L * BufferedBody.CHUNK, 3L * BufferedBody.CHUNK);
        byte[] small = new byte[BufferedBody.CHUNK + 10];
        small[BufferedBody.CHUNK] = 7;
        try (BufferedBody body = BufferedBody.admit(budget, -1)) {
            assertArrayEquals(small, body.readFrom(new ByteArrayInputStream(small)));
            assertEquals(2L * BufferedBody.CHUNK, budget.inUse());
        }
        assertEquals(0, budget.inUse());

        CountingStream endless = new CountingStream();
        try (BufferedBody body = BufferedBody.admit(budget, -1)) {
            assertThrows(BufferedBody.OverBudgetException.class, () -> body.readFrom(endless));
            assertTrue(endless.read <= 2L * BufferedBody.CHUNK, "stopped reading at the budget: " + endless.read);
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnError() {
        IngressBudget budget = new IngressBudget(1000, 1000);
        BufferedBody body = BufferedBody.admit(budget, 100);
        IOException e = assertThrows(IOException.class, () -> body.readFrom(new ByteArrayInputStream(new byte[40])));
        assertTrue(e.getMessage().contains("40 of 100"), e.getMessage());
    }

    @Test
    void theBudgetMustHoldTheLargestDelivery() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IngressBudget(10 << 20, 25 << 20));
        assertTrue(e.getMessage().contains("AIGATE_WEBHOOK_MAX_BUFFERED"), e.getMessage());
        assertFalse(new IngressBudget(25 << 20, 25 << 20).tryReserve((25 << 20) + 1));
    }

    @Test
    void sizesAreReadLikeMicronautReadsThem() {
        assertEquals(64L << 20, IngressBudget.parse("x", "64MB"));
        assertEquals(64L << 20, IngressBudget.parse("x", "64m"));
        assertEquals(512L << 10, IngressBudget.parse("x", "512KB"));
        assertEquals(1L << 30, IngressBudget.parse("x", "1GB"));
        assertEquals(26214400L, IngressBudget.parse("x", "26214400"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IngressBudget.parse("AIGATE_WEBHOOK_MAX_BUFFERED", "lots"));
        assertTrue(e.getMessage().contains("AIGATE_WEBHOOK_MAX_BUFFERED must be a size"), e.getMessage());
    }

    @Test
    void logSafeValuesHaveNoControlCharactersAndABoundedLength() {
        assertEquals("-", LogSafe.value(null));
        assertEquals("72d3162e-cc78-11e3-81ab-4c9367dc0958", LogSafe.value("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        assertEquals("a?b?c?d?e", LogSafe.value("a\nb\rc\u001bd\u2028e"));
        String cut = LogSafe.value("x".repeat(5000));
        assertEquals("x".repeat(LogSafe.MAX_LENGTH) + "...(5000 chars)", cut);
    }

    /** An endless body that counts what was read of it. */
    private static final class CountingStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }
}
