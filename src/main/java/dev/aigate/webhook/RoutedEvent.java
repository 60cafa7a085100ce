package dev.aigate.webhook;

import dev.aigate.queue.WorkTarget;

import java.util.List;

/**
 * What ingress decided about one delivery.
 *
 * @param targets what to evaluate; empty when the event is ignored
 * @param reason  why, in a few words (shown in the 202 body and the log)
 */
public record RoutedEvent(List<WorkTarget> targets, String reason) {

    public RoutedEvent {
        targets = List.copyOf(targets);
    }

    public static RoutedEvent ignore(String reason) {
        return new RoutedEvent(List.of(), reason);
    }
}
