package dev.aigate.recovery;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The App's webhook delivery log on GitHub (authenticated as the App, with its JWT). */
public interface HookDeliveries {

    /** Delivery attempts newest first, down to (at least) those delivered at {@code since}. */
    List<HookDelivery> listSince(Instant since) throws IOException;

    /** Asks GitHub to deliver the attempt {@code id} again ({@code POST /app/hook/deliveries/{id}/attempts}). */
    void redeliver(long id) throws IOException;
}
