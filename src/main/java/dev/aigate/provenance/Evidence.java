package dev.aigate.provenance;

/**
 * One signal found in a pull request.
 *
 * @param tier        how much it can be trusted
 * @param signalId    the catalogue id of the signal, e.g. {@code agent.copilot.pr-author}
 * @param tool        the tool it points at, e.g. {@code copilot}; may be null
 * @param location    where it was found: {@code pr.user}, {@code commit abc1234 trailer}, {@code pr.body line 3}, {@code head.ref}
 * @param matchedText the text that matched, shortened
 * @param forgeable   whether the PR author could have produced it
 */
public record Evidence(Tier tier, String signalId, String tool, String location, String matchedText, boolean forgeable) {
}
