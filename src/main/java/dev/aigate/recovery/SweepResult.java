package dev.aigate.recovery;

/**
 * What one sweep did.
 *
 * @param ran         false when another replica held the sweep's lease
 * @param listed      delivery attempts read from GitHub
 * @param failed      distinct GUIDs with no successful attempt
 * @param redelivered redeliveries asked for
 * @param alreadyHad  failed GUIDs we had in fact recorded (GitHub saw an error after we persisted)
 * @param gaveUp      GUIDs skipped after the redelivery limit
 */
public record SweepResult(boolean ran, int listed, int failed, int redelivered, int alreadyHad, int gaveUp) {

    static final SweepResult SKIPPED = new SweepResult(false, 0, 0, 0, 0, 0);
}
