/**
 * The policy language ({@code .github/ai-gate.yml}) and its pure evaluator: snapshot + policy
 * in, {@link dev.aigate.policy.Evaluation} tree out. No I/O, no GitHub client, no framework.
 */
package dev.aigate.policy;
