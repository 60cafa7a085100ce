/**
 * The policy language ({@code .github/ai-gate.yml}) and its pure evaluator: snapshot + policy
 * in, {@link dev.aigate.policy.Evaluation} tree out. No I/O, no GitHub client, no framework.
 *
 * <ul>
 *   <li>{@link dev.aigate.policy.PolicyParser} reads a policy strictly (located problems, no tags,
 *   bounded size, depth and aliases) and compiles its globs and patterns once;
 *   {@link dev.aigate.policy.PolicySources} lets the shell resolve {@code extends};</li>
 *   <li>{@link dev.aigate.policy.Policy} tells the loader which teams to resolve ({@code referencedTeams},
 *   {@code teamsToResolve}); its {@link dev.aigate.policy.Triggers} say which events it reacts to, what the
 *   loader fetches, and which checks it waits on (stored per repository and base branch for ingress);</li>
 *   <li>{@link dev.aigate.policy.GateEvaluator} turns a snapshot into the result tree: one
 *   {@link dev.aigate.policy.RuleResult} per rule, one {@link dev.aigate.policy.RequirementResult}
 *   per requirement.</li>
 * </ul>
 *
 * <p>The language is documented in {@code docs/policy.md}.
 */
package dev.aigate.policy;
