/**
 * Pure rendering of an {@link dev.aigate.policy.Evaluation} into the content of the {@code ai-gate}
 * check run: conclusion, title, markdown summary and text, annotations, buttons and details link.
 *
 * <p>No GitHub client, no framework, no I/O: {@link dev.aigate.checks.CheckRunRenderer} returns a
 * {@link dev.aigate.checks.CheckRunContent} value that the publisher in {@code dev.aigate.github} sends.
 * Every string that a test or a user relies on is a named constant in {@link dev.aigate.checks.CheckRunText}.
 */
package dev.aigate.checks;
