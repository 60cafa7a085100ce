package dev.aigate.provenance;

/**
 * The person who started an agent's pull request, with the evidence for it. GitHub does not count
 * the approval of the person who asked the Copilot agent for a pull request; ai-gate does the same
 * for every agent, so that nobody approves "the agent's" work alone.
 *
 * @param login    the account's login
 * @param id       the numeric account id, 0 when unknown
 * @param how      what names them, in words: {@code assignee of the agent's pull request}
 * @param location where: {@code pr.assignees}, {@code pr.body line 4}, {@code commit 1a2b3c4 trailer line 5} ...
 */
public record Initiator(String login, long id, String how, String location) {
}
