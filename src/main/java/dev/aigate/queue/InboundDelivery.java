package dev.aigate.queue;

import java.time.Instant;

/**
 * A verified webhook delivery, as accepted by ingress.
 *
 * @param deliveryId     the {@code X-GitHub-Delivery} GUID
 * @param event          the {@code X-GitHub-Event} name
 * @param action         the payload's {@code action}, or null
 * @param installationId the payload's installation id, 0 when absent
 * @param payloadSize    the size in bytes of the body as signed (the body itself is not kept: only its routing
 *                       fields are needed, and holding 28 KB per delivery until its commit made every young
 *                       collection copy the bodies waiting for one)
 */
public record InboundDelivery(String deliveryId, String event, String action, long installationId,
                              Instant receivedAt, int payloadSize) {
}
