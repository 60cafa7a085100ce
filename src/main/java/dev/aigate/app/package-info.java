/**
 * The features that tie the stages together, one verb-named class each.
 */
package dev.aigate.app;
