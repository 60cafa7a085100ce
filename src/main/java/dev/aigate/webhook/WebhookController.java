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
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.util.internal.ThreadExecutorMap;
import jakarta.inject.Named;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code POST /api/github/webhooks}: checks the headers, reads the body if the {@link IngressBudget} has room,
 * verifies the signature on the raw bytes, parses once, routes, hands the work to the queue and answers 202 once
 * the queue's group commit holding it is durable. Evaluation runs off the request thread. Every refusal is a non-2xx
 * status, so a delivery refused for a reason that may pass (busy, store down) is redelivered by the sweep of
 * docs/queue.md.
 *
 * <p>Threads: a delivery with a {@code Content-Length} (GitHub always sends one) is handled on the event loop from
 * start to answer: the body is buffered by Netty once its length is reserved in the budget, verified and routed
 * there, and the answer is written when the group commit completes, on the same loop. Nothing blocks it: what
 * needs the store before the answer (the lifecycle step) rides in the group commit. The blocking pool is used only
 * for what still needs a blocking call: a chunked body (read as a stream under a growing reservation), routing a
 * check or status event (which reads the repository's policy triggers), and an override click (recorded first).
 */
@Controller("/api/github/webhooks")
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);
    /** The keys a delivery's log lines carry; {@link #logKeys} copies these from one stage to the next. */
    private static final List<String> LOG_KEYS = List.of("delivery", "installation", "repo", "pr");
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
    private final Executor blocking;

    public WebhookController(CredentialsProvider credentials, WorkQueue queue, GateMetrics metrics,
                             CheckRelevance relevance, OverrideRequests overrideRequests, IngressBudget budget,
                             LifecycleRecorder lifecycle, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.lifecycle = lifecycle;
        this.budget = budget;
        this.overrideRequests = overrideRequests;
        this.credentials = credentials;
        this.queue = queue;
        this.metrics = metrics;
        this.relevance = relevance;
        this.blocking = blocking;
    }

    @Post
    @Consumes(MediaType.ALL)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<Map<String, Object>>> receive(
            HttpRequest<?> request,
            @Header("X-GitHub-Event") @Nullable String event,
            @Header("X-GitHub-Delivery") @Nullable String delivery,
            @Header("X-Hub-Signature-256") @Nullable String signature,
            @Header("Content-Type") @Nullable String contentType) {
        // This thread may have run a queue job or another request: its keys must not leak into these lines.
        MDC.clear();
        MDC.put("delivery", LogSafe.value(delivery));
        try {
            ByteBody body = request instanceof ServerHttpRequest<?> server ? server.byteBody() : null;
            return admit(request.getContentLength(), event, delivery, signature, contentType, body)
                    .thenApply(WebhookController::closingWhenRefused);
        } finally {
            MDC.clear();
        }
    }

    /**
     * Everything that can be decided from the headers is decided before the body is read, and the body is read
     * only when the {@link IngressBudget} has room for it. Until the signature is verified, nothing the caller
     * sent is trusted: header values are logged through {@link LogSafe} and an unknown event is counted as
     * {@code unknown}, so a caller can neither forge log lines nor grow the metrics without bound.
     */
    private CompletableFuture<HttpResponse<Map<String, Object>>> admit(long contentLength, String event, String delivery,
                                                                       String signature, String contentType, ByteBody body) {
        HttpResponse<Map<String, Object>> refused = refuseByHeaders(contentLength, event, delivery, signature);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        String counted = EventRouter.KNOWN_EVENTS.contains(event) ? event : null;
        String secret = credentials.webhookSecret().orElseThrow();
        BufferedBody admitted = BufferedBody.admit(budget, contentLength);
        if (admitted == null) {
            return CompletableFuture.completedFuture(overBudget(counted, contentLength));
        }
        Map<String, String> mdc = logKeys();
        // The bytes are used inside the stage that read them, on the thread that copied them: a copy may be in an
        // array that thread reuses (ReceivedBody), so it must not cross to a later stage, which could run elsewhere.
        Function<ReceivedBody, CompletableFuture<HttpResponse<Map<String, Object>>>> verified = bytes -> {
            try {
                return withMdc(mdc, () -> {
                    if (!WebhookSignature.isValid(signature, bytes.bytes(), bytes.length(), secret)) {
                        metrics.delivery(counted, "bad_signature");
                        LOG.warn("rejected a delivery with an invalid signature");
                        return CompletableFuture.completedFuture(reply(HttpStatus.UNAUTHORIZED, "error", BAD_SIGNATURE));
                    }
                    return handle(event, delivery, contentType, bytes);
                });
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e); // not a body that could not be read: fails the answer
            }
        };
        CompletableFuture<CompletableFuture<HttpResponse<Map<String, Object>>>> read;
        if (body == null) {
            read = CompletableFuture.completedFuture(verified.apply(ReceivedBody.EMPTY));
        } else if (contentLength >= 0) {
            // Netty buffers exactly the reserved Content-Length; the answer waits for it without holding a thread.
            read = body.buffer().thenApply(available -> {
                try (CloseableAvailableByteBody b = available) {
                    return verified.apply(ReceivedBody.copyOf(b.toReadBuffer()));
                }
            });
        } else {
            // Chunked: read as a stream that reserves as it grows, which blocks, so on the blocking pool.
            InputStream in = body.toInputStream();
            read = CompletableFuture.supplyAsync(() -> {
                try (in) {
                    return ReceivedBody.of(admitted.readFrom(in));
                } catch (IOException | BufferedBody.OverBudgetException e) {
                    throw new CompletionException(e);
                }
            }, blocking).thenApply(verified);
        }
        CompletableFuture<HttpResponse<Map<String, Object>>> answer = read.handle((verdict, failure) -> failure == null
                ? verdict
                : withMdc(mdc, () -> CompletableFuture.completedFuture(unreadable(counted, contentLength, delivery, failure))))
                .thenCompose(f -> f);
        return answer.whenComplete((r, e) -> admitted.close());
    }

    /** The answer for a body that could not be read: over the budget or the cap while chunked, or cut short. */
    private HttpResponse<Map<String, Object>> unreadable(String counted, long contentLength, String delivery,
                                                         Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof BufferedBody.OverBudgetException) {
            return overBudget(counted, contentLength);
        }
        if (e instanceof ContentLengthExceededException || e.getCause() instanceof ContentLengthExceededException) {
            metrics.delivery(counted, "too_large");
            LOG.warn("refused a chunked delivery that grew over the {}-byte limit", budget.largestBody());
            return reply(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "error", "the body is over this server's limit of "
                    + budget.largestBody() + " bytes (GitHub sends at most 25 MB)");
        }
        metrics.delivery(counted, "malformed");
        LOG.warn("could not read the body of delivery {}: {}", delivery, LogSafe.value(e.getMessage()));
        return reply(HttpStatus.BAD_REQUEST, "error", "the body could not be read: " + e.getMessage());
    }

    /** Every refusal that needs no body, or null when the body is to be read. */
    private HttpResponse<Map<String, Object>> refuseByHeaders(long contentLength, String event, String delivery,
                                                              String signature) {
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
        return null;
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

    private CompletableFuture<HttpResponse<Map<String, Object>>> handle(String event, String delivery, String contentType,
                                                                        ReceivedBody raw) {
        Parsed parsed = parse(event, delivery, contentType, raw);
        if (parsed.refusal() != null) {
            return CompletableFuture.completedFuture(parsed.refusal());
        }
        JsonNode payload = parsed.payload();
        long installationId = payload.path("installation").path("id").asLong(0);
        MDC.put("installation", Long.toString(installationId));
        Map<String, String> mdc = logKeys();
        int size = raw.length(); // the body is not kept past here (ReceivedBody): only its routing fields are needed
        if (EventRouter.readsTheStore(event)) {
            // Which checks matter is read from the store: a blocking call, so not on the event loop.
            return CompletableFuture.supplyAsync(() -> withMdc(mdc,
                    () -> route(event, delivery, payload, installationId, size, mdc)), blocking).thenCompose(f -> f);
        }
        return route(event, delivery, payload, installationId, size, mdc);
    }

    /** A payload to route, or the answer it earns without routing (a refusal, a ping, an event ai-gate ignores). */
    private record Parsed(JsonNode payload, HttpResponse<Map<String, Object>> refusal) {
        static Parsed answer(HttpResponse<Map<String, Object>> refusal) {
            return new Parsed(null, refusal);
        }
    }

    private Parsed parse(String event, String delivery, String contentType, ReceivedBody raw) {
        JsonNode payload;
        try {
            ReceivedBody json = jsonBytes(contentType, raw);
            payload = RoutingFields.read(JSON, json.bytes(), json.length());
        } catch (IOException | IllegalArgumentException e) {
            metrics.delivery(event, "malformed");
            LOG.warn("rejected delivery {}: body is not valid JSON", delivery);
            return Parsed.answer(reply(HttpStatus.BAD_REQUEST, "error", "the body is not valid JSON"));
        }
        if (payload == null || !payload.isObject()) {
            metrics.delivery(event, "malformed");
            return Parsed.answer(reply(HttpStatus.BAD_REQUEST, "error", "the body is not a JSON object"));
        }
        String repo = payload.path("repository").path("full_name").asText("-");
        MDC.put("repo", repo);
        if ("ping".equals(event)) {
            metrics.delivery(event, "ignored");
            return Parsed.answer(reply(HttpStatus.OK, "pong", "webhook reached ai-gate"));
        }
        if (!EventRouter.KNOWN_EVENTS.contains(event)) {
            metrics.delivery(event, "ignored");
            return Parsed.answer(reply(HttpStatus.ACCEPTED, "ignored", "event '" + event + "' is not one ai-gate acts on"));
        }
        JsonNode installation = payload.path("installation").path("id");
        if (!installation.isMissingNode() && !installation.isNull() && !isInstallationId(installation)) {
            metrics.delivery(event, "malformed");
            LOG.warn("rejected {} delivery {} for {}: installation.id {} is not a positive integer", event, delivery,
                    repo, LogSafe.value(installation.toString()));
            return Parsed.answer(reply(HttpStatus.BAD_REQUEST, "error", "installation.id must be a positive integer, not "
                    + LogSafe.value(installation.toString())));
        }
        long installationId = installation.asLong(0);
        if (installationId == 0) {
            metrics.delivery(event, "no_installation");
            LOG.info("skipped {} delivery {} for {}: the payload has no installation block (a repository or"
                    + " organisation webhook, not this App's), so there are no credentials to act with", event, delivery, repo);
            return Parsed.answer(reply(HttpStatus.ACCEPTED, "skipped",
                    "no installation in the payload: ai-gate acts only on deliveries to its GitHub App"));
        }
        return new Parsed(payload, null);
    }

    private CompletableFuture<HttpResponse<Map<String, Object>>> route(String event, String delivery, JsonNode payload,
                                                                       long installationId, int size,
                                                                       Map<String, String> mdc) {
        RoutedEvent routed = new EventRouter(credentials.numericAppId(), relevance).route(event, payload, installationId);
        // Opened, ready, closed, merged, reviews: kept for the dashboard, durable before the answer so none is lost
        // (a closed pull request asks for no evaluation, and this is the only place it is seen). It is written in
        // the group commit that makes the delivery durable, not in a commit of its own.
        Optional<LifecycleEvent> step = lifecycle.atIngress(event, delivery, payload);
        List<AlongsideWrite> alongside = step.isEmpty() ? List.of()
                : List.of(c -> LifecycleStore.recordWithin(c, step.get()));
        Executor back = sameThreadOrLoop();
        if (routed.targets().isEmpty()) {
            CompletableFuture<Void> written = alongside.isEmpty() ? CompletableFuture.completedFuture(null)
                    : queue.writeAsync(alongside).orTimeout(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return written.handleAsync((nothing, failure) -> withMdc(mdc, () -> {
                if (failure != null) {
                    return storeUnavailable(event, delivery, "could not record the lifecycle of delivery {}: {}", failure);
                }
                metrics.delivery(event, "ignored");
                LOG.debug("ignored {} delivery {}: {}", event, delivery, routed.reason());
                return reply(HttpStatus.ACCEPTED, "ignored", routed.reason());
            }), back);
        }
        MDC.put("pr", routed.targets().get(0).key());
        mdc.put("pr", routed.targets().get(0).key());
        String action = payload.path("action").asText(null);
        InboundDelivery inbound = new InboundDelivery(delivery, event, action, installationId, Instant.now(), size);
        CompletableFuture<Boolean> accepted;
        if (isOverrideClick(event, action, payload)) {
            // Recorded here, decided by the worker: checking the clicker's permission needs GitHub. A blocking
            // write of its own, so on the blocking pool (an operator's click, not the webhook firehose).
            String repo = payload.path("repository").path("full_name").asText("-");
            accepted = CompletableFuture.supplyAsync(() -> {
                overrideRequests.record(delivery, repo, payload.path("check_run").path("head_sha").asText(),
                        payload.path("sender").path("login").asText());
                return null;
            }, blocking).thenCompose(nothing -> accept(inbound, routed.targets(), alongside));
        } else {
            accepted = accept(inbound, routed.targets(), alongside);
        }
        return accepted.handleAsync((fresh, failure) -> withMdc(mdc, () -> {
            if (failure != null) {
                return storeUnavailable(event, delivery, "could not store delivery {}: {}", failure);
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
        }), back);
    }

    private CompletableFuture<Boolean> accept(InboundDelivery inbound, List<dev.aigate.queue.WorkTarget> targets,
                                              List<AlongsideWrite> alongside) {
        try {
            // The answer waits without a thread, so the bound on a hung store is a timer here.
            return queue.acceptAsync(inbound, targets, alongside).orTimeout(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** 503 for a store that could not take the delivery; any other failure is not the store's and propagates. */
    private HttpResponse<Map<String, Object>> storeUnavailable(String event, String delivery, String message,
                                                               Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(e instanceof QueueStoreException || e instanceof StoreException || e instanceof TimeoutException)) {
            throw failure instanceof CompletionException c ? c : new CompletionException(e);
        }
        metrics.delivery(event, "store_unavailable");
        LOG.error(message, delivery, e.getMessage());
        return reply(HttpStatus.SERVICE_UNAVAILABLE, "error",
                "the store is unavailable; GitHub will record a failed delivery and it will be redelivered");
    }

    /**
     * Where a completion continues: the event loop this request is on (Netty writes the answer there anyway), or
     * the completing thread when this is not an event loop (the blocking pool, a test calling directly).
     */
    private static Executor sameThreadOrLoop() {
        Executor loop = ThreadExecutorMap.currentExecutor();
        return loop != null ? loop : Runnable::run;
    }

    /**
     * This delivery's log keys so far, for its later stages. Read key by key: {@code MDC.getCopyOfContextMap} copies
     * the thread's map twice, and this runs twice for every delivery.
     */
    private static Map<String, String> logKeys() {
        Map<String, String> keys = new java.util.HashMap<>(8);
        for (String key : LOG_KEYS) {
            String value = MDC.get(key);
            if (value != null) {
                keys.put(key, value);
            }
        }
        return keys;
    }

    /** Runs {@code work} with this delivery's log keys, and leaves none behind on the thread. */
    private static <T> T withMdc(Map<String, String> mdc, Supplier<T> work) {
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            return work.get();
        } finally {
            MDC.clear();
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

    private static boolean isInstallationId(JsonNode id) {
        return id.isIntegralNumber() && id.canConvertToLong() && id.longValue() > 0;
    }

    private static boolean isOverrideClick(String event, String action, JsonNode payload) {
        return "check_run".equals(event) && "requested_action".equals(action)
                && CheckRunText.ACTION_OVERRIDE_ID.equals(payload.path("requested_action").path("identifier").asText());
    }

    /** GitHub sends JSON, or {@code payload=<url-encoded JSON>} when the hook's content type is form. */
    private static ReceivedBody jsonBytes(String contentType, ReceivedBody raw) throws JsonProcessingException {
        if (contentType != null && contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            String form = new String(raw.bytes(), 0, raw.length(), StandardCharsets.UTF_8);
            for (String pair : form.split("&")) {
                if (pair.startsWith("payload=")) {
                    return ReceivedBody.of(URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8));
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
