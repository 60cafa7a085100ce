package dev.aigate.testing;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * GitHub's secondary limit on content creation, for a {@link FakeGitHub}: at most {@code perMinute} writes (POST,
 * PATCH, PUT, DELETE; token minting aside) in any sliding {@code minute}, and {@code perHour} in any sliding 60 of
 * them. A write beyond either is answered as GitHub does: 403, "You have exceeded a secondary rate limit", without
 * Retry-After. GitHub documents 80 a minute and 500 an hour; a test scales the minute down.
 */
public final class ContentCreationLimit implements StubRequestFilterV2 {

    private final int perMinute;
    private final int perHour;
    private final long minuteNanos;
    private final LongSupplier nanos;
    private final ArrayDeque<Long> accepted = new ArrayDeque<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private int busiestMinute;

    public ContentCreationLimit(int perMinute, int perHour, Duration minute) {
        this(perMinute, perHour, minute, System::nanoTime);
    }

    /** As above, on {@code clock}: a test that moves the server's clock by hand moves GitHub's with it. */
    public ContentCreationLimit(int perMinute, int perHour, Duration minute, Clock clock) {
        this(perMinute, perHour, minute, () -> clock.millis() * 1_000_000L);
    }

    private ContentCreationLimit(int perMinute, int perHour, Duration minute, LongSupplier nanos) {
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.minuteNanos = minute.toNanos();
        this.nanos = nanos;
    }

    @Override
    public String getName() {
        return "content-creation-limit";
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        String method = request.getMethod().getName();
        if (method.equals("GET") || method.equals("HEAD") || request.getUrl().contains("/access_tokens")) {
            return RequestFilterAction.continueWith(request);
        }
        long now = nanos.getAsLong();
        synchronized (this) {
            while (!accepted.isEmpty() && accepted.peekFirst() <= now - 60 * minuteNanos) {
                accepted.pollFirst();
            }
            int inMinute = 0;
            for (var it = accepted.descendingIterator(); it.hasNext() && it.next() > now - minuteNanos; ) {
                inMinute++;
            }
            if (inMinute >= perMinute || accepted.size() >= perHour) {
                refused.incrementAndGet();
                return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(403)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes"
                                + " before you try again.\",\"documentation_url\":\"https://docs.github.com/rest/using-the-rest-api/"
                                + "rate-limits-for-the-rest-api#about-secondary-rate-limits\"}").build());
            }
            accepted.addLast(now);
            writes.incrementAndGet();
            busiestMinute = Math.max(busiestMinute, inMinute + 1);
        }
        return RequestFilterAction.continueWith(request);
    }

    /** Writes answered 403 for going over a limit. */
    public int refused() {
        return refused.get();
    }

    /** Writes let through. */
    public int writes() {
        return writes.get();
    }

    /** The most writes let through in any sliding minute. */
    public synchronized int busiestMinute() {
        return busiestMinute;
    }
}
