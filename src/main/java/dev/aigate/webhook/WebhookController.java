package dev.aigate.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.github.CredentialsProvider;
import dev.aigate.lifecycle.LifecycleEvent;
import dev.aigate.lifecycle.LifecycleRecorder;
import dev.aigate.lifecycle.LifecycleStore;
import dev.aigate.metrics.GateMetrics;
import dev.aigate.queue.AlongsideWrite;
import dev.aigate.queue.InboundDelivery;
import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.QueueStoreException;
import dev.aigate.store.OverrideRequests;
import dev.aigate.store.StoreException;
import dev.aigate.checks.CheckRunText;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.exceptions.ContentLengthExceededException;
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
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code POST /api/github/webhooks}: checks the headers, reads the body if the {@link IngressBudget} has room,
 * verifies the signature on the raw bytes, parses once, routes, hands the work and the lifecycle step it announces
 * to the queue's group commit and answers 202 once that commit is durable. Evaluation runs off the request thread. Every refusal is a non-2xx status, so a delivery refused for a
 * reason that may pass (busy, store down) is redelivered by the sweep of docs/queue.md.
 */
@Controller("/api/github/webhooks")
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_DELIVERY_ID = 100;
    /** GitHub's delivery ids are GUIDs; the inbox keeps at most 100 characters. */
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1," + MAX_DELIVERY_ID + "}");
    private static final String BAD_SIGNATURE =
            "X-Hub-Signature-256 does not match the body (expected sha256=<hex HMAC-SHA256 of the body>)";
    /** Seconds; GitHub itself does not retry, but a proxy or a person redelivering may read it. */
    static final String RETRY_AFTER_SECONDS = "30";
    /** As long as the queue's own blocking accept waits for its commit. */
    private static final int COMMIT_TIMEOUT_SECONDS = 60;

    private final CredentialsProvider credentials;
    private final WorkQueue queue;
    private final GateMetrics metrics;
    private final CheckRelevance relevance;
    private final OverrideRequests overrideRequests;
    private final IngressBudget budget;
    private final LifecycleRecorder lifecycle;

    public WebhookController(CredentialsProvider credentials, WorkQueue queue, GateMetrics metrics,
                             CheckRelevance relevance, OverrideRequests overrideRequests, IngressBudget budget,
                             LifecycleRecorder lifecycle) {
        this.lifecycle = lifecycle;
        this.budget = budget;
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
            HttpRequest<?> request,
            @Header("X-GitHub-Event") @Nullable String event,
            @Header("X-GitHub-Delivery") @Nullable String delivery,
            @Header("X-Hub-Signature-256") @Nullable String signature,
            @Header("Content-Type") @Nullable String contentType,
            @Body @Nullable InputStream body) {
        // This thread may have run a queue job or another request: its keys must not leak into these lines.
        MDC.clear();
        MDC.put("delivery", LogSafe.value(delivery));
        try {
            return closingWhenRefused(admit(request.getContentLength(), event, delivery, signature, contentType, body));
        } finally {
            // Releases the network buffers behind the stream, whether the body was read or refused: reading
            // exactly Content-Length bytes does not reach the end of the stream, and unclosed they leak.
            closeQuietly(body);
            MDC.clear();
        }
    }

    /**
     * Everything that can be decided from the headers is decided before the body is read, and the body is read
     * only when the {@link IngressBudget} has room for it. Until the signature is verified, nothing the caller
     * sent is trusted: header values are logged through {@link LogSafe} and an unknown event is counted as
     * {@code unknown}, so a caller can neither forge log lines nor grow the metrics without bound.
     */
    private HttpResponse<Map<String, Object>> admit(long contentLength, String event, String delivery,
                                                    String signature, String contentType, InputStream body) {
        String counted = EventRouter.KNOWN_EVENTS.contains(event) ? event : null;
        String secret = credentials.webhookSecret().orElse(null);
        if (secret == null) {
            metrics.delivery(counted, "not_configured");
            LOG.warn("rejected a delivery: no webhook secret is configured (set AIGATE_WEBHOOK_SECRET)");
            return reply(HttpStatus.SERVICE_UNAVAILABLE, "error",
                    "this server has no webhook secret configured (AIGATE_WEBHOOK_SECRET), so it cannot verify deliveries");
        }
        if (signature == null) {
            metrics.delivery(counted, "bad_signature");
            LOG.warn("rejected a delivery without X-Hub-Signature-256");
            return reply(HttpStatus.UNAUTHORIZED, "error", "missing X-Hub-Signature-256 header");
        }
        if (!WebhookSignature.isWellFormed(signature)) {
            metrics.delivery(counted, "bad_signature");
            LOG.warn("rejected a delivery whose X-Hub-Signature-256 is not sha256=<64 hex digits>");
            return reply(HttpStatus.UNAUTHORIZED, "error", BAD_SIGNATURE);
        }
        if (event == null || event.isBlank() || delivery == null || delivery.isBlank()) {
            metrics.delivery(counted, "malformed");
            return reply(HttpStatus.BAD_REQUEST, "error", "missing X-GitHub-Event or X-GitHub-Delivery header");
        }
        if (!DELIVERY_ID.matcher(delivery).matches()) {
            metrics.delivery(counted, "malformed");
            LOG.warn("rejected a delivery whose X-GitHub-Delivery is not a delivery id: {}", LogSafe.value(delivery));
            return reply(HttpStatus.BAD_REQUEST, "error", "X-GitHub-Delivery must be 1 to " + MAX_DELIVERY_ID
                    + " characters of A-Z, a-z, 0-9 and '-' (GitHub sends a GUID); got " + delivery.length()
                    + " characters");
        }
        if (contentLength > budget.largestBody()) {
            metrics.delivery(counted, "too_large");
            LOG.warn("refused a delivery of {} bytes: over the {}-byte limit", contentLength, budget.largestBody());
            return reply(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "error", "the body of " + contentLength
                    + " bytes is over this server's limit of " + budget.largestBody() + " bytes (GitHub sends at most 25 MB)");
        }
        BufferedBody admitted = BufferedBody.admit(budget, contentLength);
        if (admitted == null) {
            return overBudget(counted, contentLength);
        }
        try (admitted) {
            byte[] raw;
            try {
                raw = admitted.readFrom(body);
            } catch (BufferedBody.OverBudgetException e) {
                return overBudget(counted, contentLength);
            } catch (IOException e) {
                if (e.getCause() instanceof ContentLengthExceededException) {
                    metrics.delivery(counted, "too_large");
                    LOG.warn("refused a chunked delivery that grew over the {}-byte limit", budget.largestBody());
                    return reply(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "error", "the body is over this server's limit of "
                            + budget.largestBody() + " bytes (GitHub sends at most 25 MB)");
                }
                metrics.delivery(counted, "malformed");
                LOG.warn("could not read the body of delivery {}: {}", delivery, LogSafe.value(e.getMessage()));
                return reply(HttpStatus.BAD_REQUEST, "error", "the body could not be read: " + e.getMessage());
            }
            if (!WebhookSignature.isValid(signature, raw, secret)) {
                metrics.delivery(counted, "bad_signature");
                LOG.warn("rejected a delivery with an invalid signature");
                return reply(HttpStatus.UNAUTHORIZED, "error", BAD_SIGNATURE);
            }
            return handle(event, delivery, contentType, raw);
        }
    }

    private HttpResponse<Map<String, Object>> overBudget(String event, long contentLength) {
        metrics.delivery(event, "busy");
        LOG.warn("refused a delivery of {} bytes: {} of {} bytes of request bodies are in memory already; GitHub"
                        + " records it as failed and the delivery sweep asks for it again",
                contentLength < 0 ? "unknown length" : contentLength, budget.inUse(), budget.capacity());
        return HttpResponse.<Map<String, Object>>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Map.of("status", "busy", "message", "too many large deliveries are being received at once;"
                        + " this delivery was not read and will be redelivered"));
    }

    private HttpResponse<Map<String, Object>> handle(String event, String delivery, String contentType, byte[] raw) {
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
        JsonNode installation = payload.path("installation").path("id");
        if (!installation.isMissingNode() && !installation.isNull() && !isInstallationId(installation)) {
            metrics.delivery(event, "malformed");
            LOG.warn("rejected {} delivery {} for {}: installation.id {} is not a positive integer", event, delivery,
                    repo, LogSafe.value(installation.toString()));
            return reply(HttpStatus.BAD_REQUEST, "error", "installation.id must be a positive integer, not "
                    + LogSafe.value(installation.toString()));
        }
        long installationId = installation.asLong(0);
        if (installationId == 0) {
            metrics.delivery(event, "no_installation");
            LOG.info("skipped {} delivery {} for {}: the payload has no installation block (a repository or"
                    + " organisation webhook, not this App's), so there are no credentials to act with", event, delivery, repo);
            return reply(HttpStatus.ACCEPTED, "skipped",
                    "no installation in the payload: ai-gate acts only on deliveries to its GitHub App");
        }
        MDC.put("installation", Long.toString(installationId));
        RoutedEvent routed = new EventRouter(credentials.numericAppId(), relevance).route(event, payload, installationId);
        // Opened, ready, closed, merged, reviews: kept for the dashboard, durable before the answer so none is lost
        // (a closed pull request asks for no evaluation, and this is the only place it is seen). Written in the
        // queue's group commit that makes the delivery durable, not in a commit of its own.
        Optional<LifecycleEvent> step = lifecycle.atIngress(event, delivery, payload);
        List<AlongsideWrite> alongside = step.isEmpty() ? List.of()
                : List.of(c -> LifecycleStore.recordWithin(c, step.get()));
        if (routed.targets().isEmpty()) {
            if (!alongside.isEmpty()) {
                try {
                    durable(queue.writeAsync(alongside), delivery);
                } catch (QueueStoreException e) {
                    metrics.delivery(event, "store_unavailable");
                    LOG.error("could not record the lifecycle of delivery {}: {}", delivery, e.getMessage());
                    return reply(HttpStatus.SERVICE_UNAVAILABLE, "error",
                            "the store is unavailable; GitHub will record a failed delivery and it will be redelivered");
                }
            }
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
            fresh = durable(queue.acceptAsync(new InboundDelivery(delivery, event, action, installationId,
                    Instant.now(), raw), routed.targets(), alongside), delivery);
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

    /** Waits for the group commit that holds the delivery; a store that cannot take it is a QueueStoreException. */
    private static <T> T durable(CompletableFuture<T> commit, String delivery) {
        try {
            return commit.get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueStoreException("Interrupted while recording delivery " + delivery, e);
        } catch (TimeoutException e) {
            throw new QueueStoreException("Timed out recording delivery " + delivery, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QueueStoreException q) {
                throw q;
            }
            if (e.getCause() instanceof StoreException s) {
                throw s;
            }
            throw new QueueStoreException("Could not record delivery " + delivery, e.getCause());
        }
    }

    /**
     * A refusal is usually sent before the body is read (413, 503 busy, a bad header): the sender is still
     * writing it, and on a kept-alive connection would wait for the server to read the rest until the idle
     * timeout. Closing the connection after the answer ends the upload at once; GitHub opens a new
     * connection for every delivery anyway.
     */
    private static HttpResponse<Map<String, Object>> closingWhenRefused(HttpResponse<Map<String, Object>> response) {
        if (response.code() >= 400 && response instanceof MutableHttpResponse<Map<String, Object>> mutable) {
            mutable.header(HttpHeaders.CONNECTION, "close");
        }
        return response;
    }

    private static void closeQuietly(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            body.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not close a request body: {}", e.toString());
        }
    }

    private static boolean isInstallationId(JsonNode id) {
        return id.isIntegralNumber() && id.canConvertToLong() && id.longValue() > 0;
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
