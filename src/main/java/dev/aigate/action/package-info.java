/**
 * ai-gate as a GitHub Action step: the event a workflow run carries, the inputs of
 * {@code deploy/action/action.yml}, and the job's token in place of an App installation. The same
 * loader, evaluator, renderer and publisher as the App; no server, no store.
 */
package dev.aigate.action;
