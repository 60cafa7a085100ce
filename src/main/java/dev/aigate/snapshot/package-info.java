/**
 * The immutable picture of one pull request that every pure stage works from.
 *
 * <p>Records only: no GitHub client types, no I/O. The {@code github} package builds a
 * {@link dev.aigate.snapshot.PullRequestSnapshot} from the REST API; tests build them by hand.
 */
package dev.aigate.snapshot;
