/**
 * Webhook ingress: verify, parse, route, hand over to the queue, answer 202. Nothing slow
 * happens on the request path.
 */
package dev.aigate.webhook;
