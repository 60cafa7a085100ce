package dev.aigate.setup;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code state} values of registrations in progress (CSRF protection): random, single use, valid for the
 * hour GitHub gives the whole flow. Held in memory, so the callback must reach the replica that started it.
 * Only a correct setup code starts one, and a new one never fails: when too many are pending, the oldest goes.
 */
public class SetupStates {

    public static final Duration VALIDITY = Duration.ofHours(1);
    private static final int MAX_PENDING = 100;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public SetupStates(Clock clock) {
        this.clock = clock;
    }

    /** A started registration: where GitHub lives for it. */
    public record Pending(String apiUrl, Instant started) {
    }

    public String start(String apiUrl) {
        prune();
        while (pending.size() >= MAX_PENDING) {
            pending.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.comparing(Pending::started)))
                    .ifPresent(oldest -> pending.remove(oldest.getKey(), oldest.getValue()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(state, new Pending(apiUrl, clock.instant()));
        return state;
    }

    /** Removes and returns the registration the state belongs to; empty when unknown, used or expired. */
    public Optional<Pending> consume(String state) {
        if (state == null || state.isEmpty()) {
            return Optional.empty();
        }
        Pending p = pending.remove(state);
        if (p == null || p.started().plus(VALIDITY).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private void prune() {
        Instant oldest = clock.instant().minus(VALIDITY);
        pending.values().removeIf(p -> p.started().isBefore(oldest));
    }
}
