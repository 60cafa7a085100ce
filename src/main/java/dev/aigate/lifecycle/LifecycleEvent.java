package dev.aigate.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a pull request's life as a webhook delivery tells it: opened, reopened, ready for review, converted to
 * draft, closed, merged, or a review submitted or dismissed. Read from the fields {@code RoutingFields} keeps, so
 * ingress records it without parsing the payload again. Pure: no I/O.
 *
 * @param kind        opened, reopened, ready_for_review, converted_to_draft, closed, merged or review
 * @param actor       who did it: the reviewer for a review, the sender otherwise
 * @param reviewState for a review: approved, changes_requested, commented or dismissed; null otherwise
 * @param occurredAt  GitHub's own time for the step (created_at, merged_at, closed_at, submitted_at), else when
 *                    the delivery arrived
 * @param author      the pull request's author, or null
 * @param createdAt   when the pull request was opened, or null when the payload does not say
 * @param draft       whether the pull request is a draft after this step
 */
public record LifecycleEvent(String deliveryId, String repo, int number, String kind, String actor, String reviewState,
                             Instant occurredAt, Instant receivedAt, String author, Instant createdAt, boolean draft) {

    /** The pull_request actions recorded; the others (edited, labeled, synchronize...) change no lifecycle figure. */
    public static final Set<String> PULL_REQUEST_ACTIONS = Set.of("opened", "reopened", "ready_for_review",
            "converted_to_draft", "closed");
    public static final Set<String> REVIEW_ACTIONS = Set.of("submitted", "dismissed");
    /** The payload fields read here, for {@code RoutingFields}. */
    public static final java.util.List<String> PATHS = java.util.List.of("pull_request.created_at",
            "pull_request.closed_at", "pull_request.merged_at", "pull_request.merged", "pull_request.draft",
            "pull_request.user.login", "review.state", "review.submitted_at", "review.user.login");

    /** The repository owner in lower case: the organisation (or user account) a dashboard shows. */
    public String owner() {
        return ownerOf(repo);
    }

    public static String ownerOf(String repo) {
        int slash = repo.indexOf('/');
        return (slash < 0 ? repo : repo.substring(0, slash)).toLowerCase(Locale.ROOT);
    }

    /** The lifecycle step a delivery records, if it records one. */
    public static Optional<LifecycleEvent> from(String event, String deliveryId, JsonNode payload, Instant receivedAt) {
        String action = payload.path("action").asText("");
        String repo = payload.path("repository").path("full_name").asText(null);
        JsonNode pr = payload.path("pull_request");
        int number = pr.path("number").asInt(payload.path("number").asInt());
        if (repo == null || repo.indexOf('/') <= 0 || number <= 0 || deliveryId == null) {
            return Optional.empty();
        }
        boolean step = "pull_request".equals(event) && PULL_REQUEST_ACTIONS.contains(action)
                || "pull_request_review".equals(event) && REVIEW_ACTIONS.contains(action);
        if (!step) {
            return Optional.empty(); // most deliveries (synchronize, edited, labeled...): no time is parsed for them
        }
        String author = text(pr.path("user").path("login"));
        Instant created = time(pr.path("created_at"));
        boolean draft = pr.path("draft").asBoolean(false);
        String sender = text(payload.path("sender").path("login"));
        if ("pull_request".equals(event) && PULL_REQUEST_ACTIONS.contains(action)) {
            String kind = action;
            Instant at = receivedAt;
            if ("opened".equals(action)) {
                at = orElse(created, receivedAt);
            } else if ("closed".equals(action)) {
                boolean merged = pr.path("merged").asBoolean(false);
                kind = merged ? "merged" : "closed";
                at = orElse(time(pr.path(merged ? "merged_at" : "closed_at")), receivedAt);
            }
            return Optional.of(new LifecycleEvent(deliveryId, repo, number, kind, sender, null, at, receivedAt,
                    author, created, draft));
        }
        if ("pull_request_review".equals(event) && REVIEW_ACTIONS.contains(action)) {
            JsonNode review = payload.path("review");
            String state = "dismissed".equals(action) ? "dismissed"
                    : orElse(text(review.path("state")), "commented").toLowerCase(Locale.ROOT);
            Instant at = "dismissed".equals(action) ? receivedAt : orElse(time(review.path("submitted_at")), receivedAt);
            return Optional.of(new LifecycleEvent(deliveryId, repo, number, "review",
                    orElse(text(review.path("user").path("login")), sender), state, at, receivedAt, author, created,
                    draft));
        }
        return Optional.empty();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? cut(node.asText(), 100) : null;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static Instant time(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
