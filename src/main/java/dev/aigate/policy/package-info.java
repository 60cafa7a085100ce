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
 *   per requirement. Each {@link dev.aigate.policy.Requirement} is evaluated in its own {@code *Evaluator}
 *   file ({@code ApprovalCounting} is the counting {@code approvals} and {@code codeowners} share) and
 *   yields data, not sentences: {@link dev.aigate.policy.RequirementFacts} and the
 *   {@link dev.aigate.policy.RequirementResult.Exclusion}s; {@code checks} words them.</li>
 *   <li>Outcomes are {@link dev.aigate.policy.Status} (a rule or requirement) and
 *   {@link dev.aigate.policy.Verdict} (the evaluation, and what a rule gives when unmet); only
 *   {@code checks.Conclusions} knows GitHub's conclusion strings.</li>
 * </ul>
 *
 * <p>The language is documented in {@code docs/policy.md}.
 */
package dev.aigate.policy;
