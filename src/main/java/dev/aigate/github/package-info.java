/**
 * The only package that talks to GitHub: App authentication, installation clients, the snapshot
 * loader and the check-run publisher. Everything here is a thin adapter over hub4j github-api
 * and OkHttp; the decisions live in the pure core.
 */
package dev.aigate.github;
