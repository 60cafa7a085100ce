/**
 * Pure classification of a pull request: where it came from (AI provenance, with evidence) and
 * how big it is. Works only on {@link dev.aigate.snapshot.PullRequestSnapshot}; no I/O, no GitHub
 * client, no framework.
 */
package dev.aigate.provenance;
