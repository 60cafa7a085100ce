package dev.aigate.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.QueueStoreException;
import dev.aigate.store.OverrideRequests;
import dev.aigate.store.StoreException;
import dev.aigate.checks.CheckRunText;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/github/webhooks}: verifies the signature on the raw bytes, parses once, routes,
 * hands the work to the queue and answers 202 at once. Evaluation runs off the request thread.
 */
@Controller("/api/github/webhooks")
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialsProvider credentials;
    private final WorkQueue queue;
    private final GateMetrics metrics;
    private final CheckRelevance relevance;
    private final OverrideRequests overrideRequests;

    public WebhookController(CredentialsProvider credentials, WorkQueue queue, GateMetrics metrics,
                             CheckRelevance relevance, OverrideRequests overrideRequests) {
        this.overrideRequests = overrideRequests;
        this.credentials = credentials;
        this.queue = queue;
        this.metrics = metrics;
        this.relevance = relevance;
    }

    @Post
    @Consumes(MediaType.ALL)
    @Produces(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> receive(
            @Header("X-GitHub-Event") @Nullable String event,
            @Header("X-GitHub-Delivery") @Nullable String delivery,
            @Header("X-Hub-Signature-256") @Nullable String signature,
            @Header("Content-Type") @Nullable String contentType,
            @Body @Nullable byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        MDC.put("delivery", delivery == null ? "-" : delivery);
        try {
            return handle(event, delivery, signature, contentType, raw);
        } finally {
            MDC.clear();
        }
    }

    private HttpResponse<Map<String, Object>> handle(String event, String delivery, String signature,
                                                    String contentType, byte[] raw) {
        String secret = credentials.webhookSecret().orElse(null);
        if (secret == null) {
            metrics.delivery(event, "not_configured");
            LOG.warn("rejected a delivery: no webhook secret is configured (set AIGATE_WEBHOOK_SECRET)");
            return reply(HttpStatus.SERVICE_UNAVAILABLE, "error",
                    "this server has no webhook secret configured (AIGATE_WEBHOOK_SECRET), so it cannot verify deliveries");
        }
        if (signature == null) {
            metrics.delivery(event, "bad_signature");
            LOG.warn("rejected a delivery without X-Hub-Signature-256");
            return reply(HttpStatus.UNAUTHORIZED, "error", "missing X-Hub-Signature-256 header");
        }
        if (!WebhookSignature.isValid(signature, raw, secret)) {
            metrics.delivery(event, "bad_signature");
            LOG.warn("rejected a delivery with an invalid signature");
            return reply(HttpStatus.UNAUTHORIZED, "error",
                    "X-Hub-Signature-256 does not match the body (expected sha256=<hex HMAC-SHA256 of the body>)");
        }
        if (event == null || event.isBlank() || delivery == null || delivery.isBlank()) {
            metrics.delivery(event, "malformed");
            return reply(HttpStatus.BAD_REQUEST, "error", "missing X-GitHub-Event or X-GitHub-Delivery header");
        }
        JsonNode payload;
        try {
            payload = RoutingFields.read(JSON, jsonBytes(contentType, raw));
        } catch (IOException | IllegalArgumentException e) {
            metrics.delivery(event, "malformed");
            LOG.warn("rejected delivery {}: body is not valid JSON", delivery);
            return reply(HttpStatus.BAD_REQUEST, "error", "the body is not valid JSON");
        }
        if (payload == null || !payload.isObject()) {
            metrics.delivery(event, "malformed");
            return reply(HttpStatus.BAD_REQUEST, "error", "the body is not a JSON object");
        }
        String repo = payload.path("repository").path("full_name").asText("-");
        MDC.put("repo", repo);
        if ("ping".equals(event)) {
            metrics.delivery(event, "ignored");
            return reply(HttpStatus.OK, "pong", "webhook reached ai-gate");
        }
        if (!EventRouter.KNOWN_EVENTS.contains(event)) {
            metrics.delivery(event, "ignored");
            return reply(HttpStatus.ACCEPTED, "ignored", "event '" + event + "' is not one ai-gate acts on");
        }
        long installationId = payload.path("installation").path("id").asLong(0);
        if (installationId == 0) {
            metrics.delivery(event, "no_installation");
            LOG.info("skipped {} delivery {} for {}: the payload has no installation block (a repository or"
                    + " organisation webhook, not this App's), so there are no credentials to act with", event, delivery, repo);
            return reply(HttpStatus.ACCEPTED, "skipped",
                    "no installation in the payload: ai-gate acts only on deliveries to its GitHub App");
        }
        MDC.put("installation", Long.toString(installationId));
        RoutedEvent routed = new EventRouter(credentials.numericAppId(), relevance).route(event, payload, installationId);
        if (routed.targets().isEmpty()) {
            metrics.delivery(event, "ignored");
            LOG.debug("ignored {} delivery {}: {}", event, delivery, routed.reason());
            return reply(HttpStatus.ACCEPTED, "ignored", routed.reason());
        }
        MDC.put("pr", routed.targets().get(0).key());
        String action = payload.path("action").asText(null);
        boolean fresh;
        try {
            if (isOverrideClick(event, action, payload)) {
                // Recorded here, decided by the worker: checking the clicker's permission needs GitHub.
                overrideRequests.record(delivery, repo, payload.path("check_run").path("head_sha").asText(),
                        payload.path("sender").path("login").asText());
            }
            fresh = queue.accept(new InboundDelivery(delivery, event, action, installationId, Instant.now(), raw),
                    routed.targets());
        } catch (QueueStoreException | StoreException e) {
            metrics.delivery(event, "store_unavailable");
            LOG.error("could not store delivery {}: {}", delivery, e.getMessage());
            return reply(HttpStatus.SERVICE_UNAVAILABLE, "error",
                    "the store is unavailable; GitHub will record a failed delivery and it will be redelivered");
        }
        if (!fresh) {
            metrics.delivery(event, "duplicate");
            LOG.info("delivery {} was already accepted; nothing to do", delivery);
            return reply(HttpStatus.OK, "duplicate", "delivery " + delivery + " was already accepted");
        }
        metrics.delivery(event, "accepted");
        LOG.info("accepted {}.{} delivery {}: {} ({} target(s))", event, action, delivery, routed.reason(),
                routed.targets().size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "accepted");
        out.put("delivery", delivery);
        out.put("targets", routed.targets().stream().map(t -> t.key()).toList());
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(out);
    }

    private static boolean isOverrideClick(String event, String action, JsonNode payload) {
        return "check_run".equals(event) && "requested_action".equals(action)
                && CheckRunText.ACTION_OVERRIDE_ID.equals(payload.path("requested_action").path("identifier").asText());
    }

    /** GitHub sends JSON, or {@code payload=<url-encoded JSON>} when the hook's content type is form. */
    private static byte[] jsonBytes(String contentType, byte[] raw) throws JsonProcessingException {
        if (contentType != null && contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            String form = new String(raw, StandardCharsets.UTF_8);
            for (String pair : form.split("&")) {
                if (pair.startsWith("payload=")) {
                    return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            throw new IllegalArgumentException("form body without a payload field");
        }
        return raw;
    }

    private static HttpResponse<Map<String, Object>> reply(HttpStatus status, String state, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", state);
        body.put("message", message);
        return HttpResponse.<Map<String, Object>>status(status).body(body);
    }
}
