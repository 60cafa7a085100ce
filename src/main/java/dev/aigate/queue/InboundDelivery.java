package dev.aigate.queue;

import java.time.Instant;

/**
 * A verified webhook delivery, as accepted by ingress.
 *
 * @param deliveryId     the {@code X-GitHub-Delivery} GUID
 * @param event          the {@code X-GitHub-Event} name
 * @param action         the payload's {@code action}, or null
 * @param installationId the payload's installation id, 0 when absent
 * @param payload        the raw body, exactly as signed
 */
public record InboundDelivery(String deliveryId, String event, String action, long installationId,
                              Instant receivedAt, byte[] payload) {
}
