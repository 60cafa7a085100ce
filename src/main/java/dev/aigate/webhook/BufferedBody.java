package dev.aigate.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read into memory under the {@link IngressBudget}. {@link #admit} reserves the declared
 * {@code Content-Length} before anything is read; a body without one (chunked) reserves as it grows and is refused
 * the moment it would overdraw the budget. {@link #close} gives the reservation back.
 */
final class BufferedBody implements AutoCloseable {

    static final int CHUNK = 64 * 1024;

    /** The budget had no room for the body; nothing more of it is read. */
    static final class OverBudgetException extends Exception {
        OverBudgetException(long size) {
            super("no room for " + size + " more bytes of request bodies");
        }
    }

    private final IngressBudget budget;
    private final long declared;
    private long reserved;

    private BufferedBody(IngressBudget budget, long declared, long reserved) {
        this.budget = budget;
        this.declared = declared;
        this.reserved = reserved;
    }

    /**
     * @param contentLength the declared length, or -1 when the body is chunked
     * @return the admitted body, or null when the budget has no room for it
     */
    static BufferedBody admit(IngressBudget budget, long contentLength) {
        long first = contentLength >= 0 ? contentLength : CHUNK;
        return budget.tryReserve(first) ? new BufferedBody(budget, contentLength, first) : null;
    }

    /** Reads the whole body; {@code in} may be null for an empty one. */
    byte[] readFrom(InputStream in) throws IOException, OverBudgetException {
        if (in == null) {
            return new byte[0];
        }
        if (declared >= 0) {
            if (declared > Integer.MAX_VALUE - 8) {
                throw new IOException("Content-Length " + declared + " is too large");
            }
            // Into one array of the declared size: readNBytes(int) collects 8 KB pieces and copies them again.
            byte[] body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            if (read < declared) {
                throw new IOException("the body ended after " + read + " of " + declared + " bytes");
            }
            return body;
        }
        byte[] buffer = new byte[CHUNK];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                int grown = (int) Math.min((long) buffer.length * 2, Integer.MAX_VALUE - 8);
                if (grown == buffer.length || !budget.tryReserve(grown - reserved)) {
                    throw new OverBudgetException(grown - reserved);
                }
                reserved = grown;
                buffer = Arrays.copyOf(buffer, grown);
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return Arrays.copyOf(buffer, length);
            }
            length += n;
        }
    }

    @Override
    public void close() {
        budget.release(reserved);
        reserved = 0;
    }
}
