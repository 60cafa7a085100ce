package dev.aigate.github;

import dev.aigate.metrics.GateMetrics;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many content-creating requests (POST, PATCH, PUT, DELETE: check-run creates and updates, labels, review
 * requests) each installation may still send, so that a burst of evaluations across hundreds of pull requests
 * stays under GitHub's secondary limits: documented as 80 a minute and 500 an hour for content creation. The
 * defaults stay below them ({@code AIGATE_WRITE_BUDGET_PER_MINUTE} 70, {@code _PER_HOUR} 450) so that requests
 * counted here at the edge of a window, but arriving at GitHub a little later, still fit GitHub's.
 *
 * <p>Both windows slide: a write counts against the minute and the hour that follow it. A write that does not fit
 * is refused with {@link Exhausted}, naming when it will fit, and whoever schedules the work runs it again then
 * (never dropped). {@link Priority#VERDICT} (a new head, or a conclusion that changed) may use the whole budget;
 * {@link Priority#REFRESH} (the same conclusion with new text, labels, review requests, the in-progress marker)
 * only what is left above the reserve ({@code AIGATE_WRITE_BUDGET_RESERVE}, percent), so a changed verdict is never
 * held up behind a wave of refreshes.
 *
 * <p>Per replica, not in the store: the count lives in memory, and each replica takes
 * {@code 1/AIGATE_REPLICAS} of the limits. A shared count would cost a store round trip under a row lock on the
 * installation before every write, on the path this budget exists to keep fast, and replicas already spread an
 * installation's work between them through the queue; the division is conservative (an idle replica's share goes
 * unused, the sum never exceeds GitHub's limits). With a replica count set too low the limits can be exceeded, and
 * GitHub's 403 is then handled as a rate limit, as before. A restart forgets the count, so a replica restarted
 * mid-burst may send up to one window's share again: another reason the defaults sit below GitHub's.
 */
@Singleton
public class WriteBudget {

    /** Which writes go first when the budget runs low. */
    public enum Priority {
        /** A first verdict on a head, or a conclusion that changed: may use the whole budget. */
        VERDICT,
        /** The same conclusion with other text, labels, review requests, the in-progress marker: not the reserve. */
        REFRESH
    }

    /** A write that does not fit the installation's budget now; {@link #notBefore()} is when it will. */
    public static final class Exhausted extends IOException {

        private final transient Instant notBefore;

        Exhausted(String message, Instant notBefore) {
            super(message);
            this.notBefore = notBefore;
        }

        public Instant notBefore() {
            return notBefore;
        }
    }

    private final int perMinute;
    private final int perHour;
    private final Duration minute;
    private final Duration hour;
    private final int reservePercent;
    private final Clock clock;
    private final GateMetrics metrics;
    /** Installation id -> times (epoch millis) of the writes of the last hour, oldest first. */
    private final Map<Long, ArrayDeque<Long>> writes = new ConcurrentHashMap<>();

    @Inject
    public WriteBudget(@Value("${aigate.github.write-budget.per-minute:70}") int perMinute,
                       @Value("${aigate.github.write-budget.per-hour:450}") int perHour,
                       @Value("${aigate.github.write-budget.minute:1m}") Duration minute,
                       @Value("${aigate.github.write-budget.reserve:20}") int reservePercent,
                       @Value("${aigate.replicas:1}") int replicas,
                       Clock clock, GateMetrics metrics) {
        if (perMinute < 1 || perHour < 1 || replicas < 1 || reservePercent < 0 || reservePercent > 90
                || minute.isNegative() || minute.isZero()) {
            throw new IllegalArgumentException("AIGATE_WRITE_BUDGET_*: per-minute, per-hour and AIGATE_REPLICAS must be"
                    + " at least 1, the reserve 0 to 90 percent, the minute positive");
        }
        this.perMinute = Math.max(1, perMinute / replicas);
        this.perHour = Math.max(1, perHour / replicas);
        this.minute = minute;
        this.hour = minute.multipliedBy(60);
        this.reservePercent = reservePercent;
        this.clock = clock;
        this.metrics = metrics;
        metrics.writeBudget(this::mostConstrainedRemaining, this.perMinute, this.perHour);
    }

    /**
     * Takes {@code count} writes from the installation's budget, or throws when they do not fit now. A request for
     * more writes than a window holds fits once that window is empty.
     */
    public void acquire(long installationId, Priority priority, int count) throws Exhausted {
        Instant until = take(installationId, priority, count);
        if (until != null) {
            metrics.writeDeferred(priority.name().toLowerCase(java.util.Locale.ROOT));
            throw new Exhausted("installation " + installationId + " has used its write budget ("
                    + limit(perMinute, priority) + " a minute, " + limit(perHour, priority) + " an hour for "
                    + priority.name().toLowerCase(java.util.Locale.ROOT) + " writes); the write waits until " + until, until);
        }
    }

    /** Takes one write when it fits now; false, taking nothing, when it does not (for writes that may be skipped). */
    public boolean tryAcquire(long installationId, Priority priority) {
        return take(installationId, priority, 1) == null;
    }

    /** The writes the installation may still send within the current minute at full priority. */
    public int remaining(long installationId) {
        ArrayDeque<Long> times = writes.get(installationId);
        if (times == null) {
            return perMinute;
        }
        long now = clock.millis();
        synchronized (times) {
            prune(times, now);
            return Math.max(0, Math.min(perMinute - count(times, now - minute.toMillis()), perHour - times.size()));
        }
    }

    /** The least any installation may still send this minute: the figure to alert on. */
    int mostConstrainedRemaining() {
        int least = perMinute;
        for (Long id : writes.keySet()) {
            least = Math.min(least, remaining(id));
        }
        return least;
    }

    /** Null when taken, else when the writes would fit. */
    private Instant take(long installationId, Priority priority, int count) {
        ArrayDeque<Long> times = writes.computeIfAbsent(installationId, id -> new ArrayDeque<>());
        long now = clock.millis();
        synchronized (times) {
            prune(times, now);
            long fitsAt = Math.max(fitsAt(times, now, minute.toMillis(), limit(perMinute, priority), count),
                    fitsAt(times, now, hour.toMillis(), limit(perHour, priority), count));
            if (fitsAt > now) {
                return Instant.ofEpochMilli(fitsAt);
            }
            for (int i = 0; i < count; i++) {
                times.addLast(now);
            }
            return null;
        }
    }

    /** When {@code count} more writes fit a window of {@code windowMillis} holding {@code limit}: now, or later. */
    private static long fitsAt(ArrayDeque<Long> times, long now, long windowMillis, int limit, int count) {
        int inWindow = count(times, now - windowMillis);
        int wanted = Math.min(count, limit);
        int excess = inWindow + wanted - limit;
        if (excess <= 0) {
            return now;
        }
        // The excess-th oldest write in the window must leave it first.
        Iterator<Long> it = times.iterator();
        int skipped = times.size() - inWindow;
        for (int i = 0; i < skipped; i++) {
            it.next();
        }
        long t = now;
        for (int i = 0; i < excess && it.hasNext(); i++) {
            t = it.next();
        }
        return t + windowMillis + 1;
    }

    /** Writes after {@code since}; the deque is in time order, so count from the newest end. */
    private static int count(ArrayDeque<Long> times, long since) {
        int n = 0;
        Iterator<Long> it = times.descendingIterator();
        while (it.hasNext() && it.next() > since) {
            n++;
        }
        return n;
    }

    private void prune(ArrayDeque<Long> times, long now) {
        long since = now - hour.toMillis();
        while (!times.isEmpty() && times.peekFirst() <= since) {
            times.pollFirst();
        }
    }

    private int limit(int full, Priority priority) {
        return priority == Priority.VERDICT ? full : Math.max(1, full - (full * reservePercent + 99) / 100);
    }
}
