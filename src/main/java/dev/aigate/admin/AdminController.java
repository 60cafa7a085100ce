package dev.aigate.admin;

import dev.aigate.github.CredentialsProvider;
import dev.aigate.queue.ParkedJob;
import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.WorkTarget;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Operator actions on the running server, for the CLI: a CLI process cannot open the server's store (the
 * embedded database is locked by the server, and replicas share PostgreSQL through the queue anyway), so it
 * asks the server to enqueue. Authenticated with {@link AdminToken}.
 */
@Controller("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminController {

    private static final Logger LOG = LoggerFactory.getLogger(AdminController.class);
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");

    private final BeanProvider<WorkQueue> queue;
    private final CredentialsProvider credentials;
    private final String adminToken;

    public AdminController(BeanProvider<WorkQueue> queue, CredentialsProvider credentials,
                           @Value("${aigate.admin-token:}") String adminToken) {
        this.queue = queue;
        this.credentials = credentials;
        this.adminToken = adminToken;
    }

    /**
     * A re-evaluation request.
     *
     * @param installationId the installation that can read the repository
     * @param repo           {@code owner/repo}
     * @param number         a pull request number, or null for every open pull request
     */
    @Serdeable
    public record ReevaluateRequest(long installationId, String repo, @Nullable Integer number) {
    }

    /** Retry one parked job ({@code key}, e.g. {@code owner/repo#12}), or all of them ({@code all}). */
    @Serdeable
    public record RetryRequest(@Nullable String key, boolean all) {
    }

    /** Jobs that ran out of attempts: visible here (and as {@code aigate_queue_parked}), until retried. */
    @Get("/parked")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> parked(@Nullable @Header("Authorization") String authorization,
                                                    @QueryValue(defaultValue = "100") int limit) {
        Optional<HttpResponse<Map<String, Object>>> refused = refuse(authorization);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (ParkedJob job : queue.get().parked(Math.max(1, Math.min(limit, 1000)))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", job.target().key());
            row.put("installationId", job.target().installationId());
            row.put("attempts", job.attempts());
            row.put("lastError", job.lastError() == null ? "" : job.lastError());
            row.put("parkedAt", String.valueOf(job.parkedAt()));
            jobs.add(row);
        }
        return HttpResponse.ok(Map.of("parked", jobs));
    }

    @Post("/parked/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> retry(@Nullable @Header("Authorization") String authorization,
                                                   @Body RetryRequest request) {
        Optional<HttpResponse<Map<String, Object>>> refused = refuse(authorization);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (request.all()) {
            int n = queue.get().retryAllParked();
            LOG.info("Operator retried every parked job ({})", n);
            return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(Map.of("retried", n));
        }
        if (request.key() == null || request.key().isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "give the key of a parked job (e.g. owner/repo#12), or all: true");
        }
        if (!queue.get().retryParked(request.key())) {
            return problem(HttpStatus.NOT_FOUND, "no parked job with key " + request.key());
        }
        LOG.info("Operator retried parked job {}", request.key());
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(Map.of("retried", 1));
    }

    /** The answer to an unauthorised or impossible call, or empty when the caller may go on. */
    private Optional<HttpResponse<Map<String, Object>>> refuse(String authorization) {
        Optional<HttpResponse<Map<String, Object>>> unauthorised = unauthorised(authorization, adminToken, credentials);
        if (unauthorised.isPresent()) {
            return unauthorised;
        }
        if (!queue.isPresent()) {
            return Optional.of(problem(HttpStatus.SERVICE_UNAVAILABLE, "this server has no work queue"));
        }
        return Optional.empty();
    }

    /** The answer to a caller without the admin token (or to anyone while there is none), else empty. */
    static Optional<HttpResponse<Map<String, Object>>> unauthorised(String authorization, String adminToken,
                                                                    CredentialsProvider credentials) {
        var expected = AdminToken.resolve(adminToken, credentials);
        if (expected.isEmpty()) {
            return Optional.of(problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "the admin API is off until AIGATE_ADMIN_TOKEN or the webhook secret is configured"));
        }
        if (!AdminToken.matches(authorization, expected.get())) {
            return Optional.of(problem(HttpStatus.UNAUTHORIZED, "missing or wrong admin token"));
        }
        return Optional.empty();
    }

    @Post("/reevaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> reevaluate(@Nullable @Header("Authorization") String authorization,
                                                        @Body ReevaluateRequest request) {
        Optional<HttpResponse<Map<String, Object>>> refused = refuse(authorization);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (request.repo() == null || !REPO.matcher(request.repo()).matches()) {
            return problem(HttpStatus.BAD_REQUEST, "repo must be owner/name");
        }
        if (request.installationId() <= 0 || (request.number() != null && request.number() <= 0)) {
            return problem(HttpStatus.BAD_REQUEST, "installationId and number must be positive");
        }
        WorkTarget target = request.number() == null
                ? WorkTarget.repository(request.installationId(), request.repo())
                : WorkTarget.pullRequest(request.installationId(), request.repo(), request.number());
        queue.get().enqueue(List.of(target));
        LOG.info("Operator asked to re-evaluate {} (installation {})", target.key(), target.installationId());
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(Map.of("enqueued", target.key()));
    }

    static HttpResponse<Map<String, Object>> problem(HttpStatus status, String message) {
        return HttpResponse.<Map<String, Object>>status(status).body(Map.of("error", message));
    }
}
