package dev.aigate.checks;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded override of a blocking verdict: someone with admin or maintain permission on the
 * repository clicked "Override" and gave a reason. The renderer only shows it; whoever records it
 * checks the permission.
 *
 * @param actor  the login of who overrode
 * @param reason why, in their words (may be empty)
 * @param at     when
 */
public record GateOverride(String actor, String reason, Instant at) {

    public GateOverride {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
    }
}
