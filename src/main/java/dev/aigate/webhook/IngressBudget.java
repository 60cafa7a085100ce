package dev.aigate.webhook;

import dev.aigate.metrics.GateMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes of webhook bodies this replica holds in memory at once. A body must reserve its size before it is
 * read, and gives it back when the delivery has been answered; a body that does not fit is refused with 503
 * before a byte of it is read. Anyone can send a 25 MB body with a made-up signature, and the signature can only
 * be checked once the whole body is in, so without this 150 such requests took 8.4 GB.
 *
 * <p>A refused delivery is not lost: the sweep of docs/queue.md ("Missed deliveries") asks GitHub to redeliver
 * every delivery that did not get a 2xx.
 */
@Singleton
public class IngressBudget {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]?)B?");

    private final long capacity;
    private final long largestBody;
    private long used;

    public IngressBudget(@Value("${aigate.webhook.max-buffered:64MB}") String maxBuffered,
                         @Value("${micronaut.server.max-request-size:26214400}") String maxRequestSize,
                         GateMetrics metrics) {
        this(parse("AIGATE_WEBHOOK_MAX_BUFFERED", maxBuffered), parse("micronaut.server.max-request-size", maxRequestSize));
        Gauge.builder("aigate.webhook.buffered", this, IngressBudget::inUse).baseUnit("bytes")
                .description("Bytes of webhook bodies held in memory now (at most AIGATE_WEBHOOK_MAX_BUFFERED)")
                .register(metrics.registry());
    }

    IngressBudget(long capacity, long largestBody) {
        if (capacity < largestBody) {
            throw new IllegalArgumentException("AIGATE_WEBHOOK_MAX_BUFFERED is " + capacity + " bytes, less than the "
                    + largestBody + " bytes a single delivery may have (micronaut.server.max-request-size): the largest"
                    + " deliveries could never be accepted");
        }
        this.capacity = capacity;
        this.largestBody = largestBody;
    }

    /** Takes {@code bytes} from the budget if they are free; never waits. */
    public synchronized boolean tryReserve(long bytes) {
        if (bytes < 0 || bytes > capacity - used) {
            return false;
        }
        used += bytes;
        return true;
    }

    public synchronized void release(long bytes) {
        used = Math.max(0, used - bytes);
    }

    public synchronized long inUse() {
        return used;
    }

    public long capacity() {
        return capacity;
    }

    /** {@code micronaut.server.max-request-size}: a body declared larger is refused without being read. */
    public long largestBody() {
        return largestBody;
    }

    /** {@code 67108864}, {@code 64MB}, {@code 64M}, {@code 512KB}: binary units, as Micronaut reads sizes. */
    static long parse(String name, String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a size such as 64MB, 512KB or 67108864, not '"
                    + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(name + " is too large: " + value);
        }
        return n << shift;
    }
}
