package dev.aigate.recovery;

import java.time.Instant;

/**
 * One delivery attempt as GitHub lists it under {@code GET /app/hook/deliveries}. A redelivery is a new attempt
 * with a new {@code id} and the same {@code guid} ({@code X-GitHub-Delivery}).
 *
 * @param statusCode the HTTP status our endpoint answered, 0 when GitHub could not connect or timed out
 */
public record HookDelivery(long id, String guid, Instant deliveredAt, boolean redelivery, int statusCode,
                           String status, String event, String action, long installationId) {

    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
