/**
 * Pure rendering of an {@link dev.aigate.policy.Evaluation} into the content of the {@code ai-gate}
 * check run: conclusion, title, markdown summary and text, annotations, buttons and details link.
 *
 * <p>No GitHub client, no framework, no I/O: {@link dev.aigate.checks.CheckRunRenderer} returns a
 * {@link dev.aigate.checks.CheckRunContent} value that the publisher in {@code dev.aigate.github} sends.
 * Every string that a test or a user relies on is a named constant in {@link dev.aigate.checks.CheckRunText}.
 *
 * <p>{@link dev.aigate.checks.SummaryWriter} composes one {@link dev.aigate.checks.SummarySection} per part of
 * the summary (headline, next steps, facts, problems, notes, rules, evidence, footer);
 * {@link dev.aigate.checks.LongDetail} is the text. The sentences of requirement results are rendered here from
 * the policy's facts ({@link dev.aigate.checks.RequirementText}, {@link dev.aigate.checks.ExclusionText}), and
 * {@link dev.aigate.checks.Conclusions} is the one mapping from a {@code Verdict} to GitHub's conclusions.
 */
package dev.aigate.checks;
