package dev.aigate.recovery;

import java.time.Instant;

/** Delivery-log entries shaped like GitHub's {@code GET /app/hook/deliveries} items. */
final class HookDeliveriesFixture {

    private HookDeliveriesFixture() {
    }

    static String item(long id, String guid, Instant at, int status, boolean redelivery) {
        return """
                {"id": %d, "guid": "%s", "delivered_at": "%s", "redelivery": %s, "duration": 0.27,
                 "status": "%s", "status_code": %d, "event": "pull_request", "action": "opened",
                 "installation_id": 123, "repository_id": 456, "throttled_at": null}"""
                .formatted(id, guid, at, redelivery, status == 200 ? "OK" : "Failure", status);
    }

    static String page(String... items) {
        return "[" + String.join(",", items) + "]";
    }
}
