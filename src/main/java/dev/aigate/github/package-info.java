/**
 * The only package that talks to GitHub, through one adapter: {@link dev.aigate.github.GitHubClients} owns
 * authentication (the App's JWT, signed by hub4j; installation tokens; a fixed token), every request goes
 * through {@link dev.aigate.github.InstallationApi} on one OkHttp client (cache, timeouts, same-origin guard),
 * pages follow {@link dev.aigate.github.Pagination}'s one rule, and {@link dev.aigate.github.GitHubFailures}
 * maps errors to a deferral that the worker turns into its retry. No hub4j type leaves this package, and it
 * depends on nothing above it (not the queue, not the store); the decisions live in the pure core.
 */
package dev.aigate.github;
