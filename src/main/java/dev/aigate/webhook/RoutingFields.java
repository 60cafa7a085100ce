package dev.aigate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * Reads from a webhook body only the fields that ingress and {@link EventRouter} look at. A pull request
 * payload is about 28 KB of repository, user and link objects, of which routing needs a dozen values; building
 * the whole tree for every delivery took about 1.5 to 2 times the parsing CPU and left a tree of garbage behind.
 * The whole body is still checked, so malformed JSON anywhere in it is still rejected; only the kept values are
 * built ({@link RoutingScan}, which steps over the rest without tokenising it).
 *
 * <p>{@link #PATHS} must name every field {@code EventRouter}, {@code WebhookController} and {@code LifecycleEvent} read: a field left
 * out reads as missing. {@code RoutingFieldsTest} routes every example payload both ways and compares.
 */
public final class RoutingFields {

    /** Dotted paths; {@code []} marks an array whose elements are filtered by the rest of the path. */
    public static final List<String> PATHS = List.of(
            "action", "number", "context", "sha", "ref",
            "installation.id",
            "repository.full_name", "repository.default_branch",
            "sender.login",
            "pull_request.number",
            "commits[].added", "commits[].modified", "commits[].removed",
            "repositories[].full_name", "repositories_added[].full_name",
            "check_run.app.id", "check_run.name", "check_run.head_sha",
            "check_run.pull_requests[].number", "check_run.pull_requests[].base.repo.name",
            "check_suite.app.id", "check_suite.head_sha",
            "check_suite.pull_requests[].number", "check_suite.pull_requests[].base.repo.name",
            "requested_action.identifier",
            // LifecycleEvent: the pull request lifecycle the dashboard reads
            "pull_request.created_at", "pull_request.closed_at", "pull_request.merged_at", "pull_request.merged",
            "pull_request.draft", "pull_request.user.login", "review.state", "review.submitted_at",
            "review.user.login");

    private static final RoutingScan.Path TREE = RoutingScan.Path.of(PATHS);

    private RoutingFields() {
    }

    /**
     * The body as a tree holding only {@link #PATHS}. A body that is not a JSON object is read whole, so that
     * it fails, or is refused as "not an object", exactly as before.
     *
     * @throws IOException when the body is not valid JSON, or holds more than white space after it
     */
    public static JsonNode read(ObjectMapper json, byte[] body) throws IOException {
        return read(json, body, body.length);
    }

    /** As {@link #read(ObjectMapper, byte[])}, for a body in the first {@code length} bytes of the array. */
    public static JsonNode read(ObjectMapper json, byte[] body, int length) throws IOException {
        if (!startsWithObject(body, length)) {
            return json.readTree(body, 0, length);
        }
        return RoutingScan.read(json, body, length, TREE);
    }

    private static boolean startsWithObject(byte[] body, int length) {
        for (int i = 0; i < length; i++) {
            byte b = body[i];
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }
}
