/**
 * Recovering what GitHub never got through to us: a leader-safe sweep of the App's webhook deliveries that
 * redelivers failed ones, and an optional reconcile of open pull requests whose check is missing or stale.
 */
package dev.aigate.recovery;
