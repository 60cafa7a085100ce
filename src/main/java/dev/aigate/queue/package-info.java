/**
 * Work between ingress and evaluation: accepted deliveries become {@link dev.aigate.queue.WorkTarget}s,
 * coalesced per pull request, and run by the {@link dev.aigate.queue.WorkHandler}.
 */
package dev.aigate.queue;
