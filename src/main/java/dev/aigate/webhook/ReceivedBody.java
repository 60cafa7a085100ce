package dev.aigate.webhook;

import io.micronaut.core.io.buffer.ReadBuffer;

/**
 * A webhook body in the first {@code length} bytes of {@code bytes}.
 *
 * <p>A body Netty has buffered whole is copied into an array of the thread's own, reused from one delivery to the
 * next, instead of a new array each time: at 3,700 deliveries/s of 28 KB those arrays were half of all the
 * server's allocation, and so half of its young pauses (docs/performance.md). That is safe only because the
 * array is read and forgotten before the thread does anything else: the signature check and the routing scan
 * run on the thread that copied the body, at once, and keep nothing of it (the routed event holds copies and
 * the body's size). Anything that needs the bytes later must copy them. Bodies over {@link #REUSED_UP_TO} get an
 * array of their own, so no thread keeps a large one.
 */
record ReceivedBody(byte[] bytes, int length) {

    static final int REUSED_UP_TO = 256 * 1024;
    private static final ThreadLocal<byte[]> ARRAY = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    static final ReceivedBody EMPTY = new ReceivedBody(new byte[0], 0);

    /** A body in an array of its own. */
    static ReceivedBody of(byte[] whole) {
        return new ReceivedBody(whole, whole.length);
    }

    /** Copies and releases {@code buffer}, into this thread's array when it fits. */
    static ReceivedBody copyOf(ReadBuffer buffer) {
        try (buffer) {
            int length = buffer.readable();
            if (length > REUSED_UP_TO) {
                return of(buffer.toArray());
            }
            byte[] array = ARRAY.get();
            if (array.length < length) {
                array = new byte[Math.max(length, Math.min(REUSED_UP_TO, array.length * 2))];
                ARRAY.set(array);
            }
            buffer.toArray(array, 0);
            return new ReceivedBody(array, length);
        }
    }
}
