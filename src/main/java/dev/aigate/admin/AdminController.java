package dev.aigate.admin;

import dev.aigate.github.CredentialsProvider;
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
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
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

    @Post("/reevaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> reevaluate(@Nullable @Header("Authorization") String authorization,
                                                        @Body ReevaluateRequest request) {
        var expected = AdminToken.resolve(adminToken, credentials);
        if (expected.isEmpty()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "the admin API is off until AIGATE_ADMIN_TOKEN or the webhook secret is configured");
        }
        if (!AdminToken.matches(authorization, expected.get())) {
            return problem(HttpStatus.UNAUTHORIZED, "missing or wrong admin token");
        }
        if (request.repo() == null || !REPO.matcher(request.repo()).matches()) {
            return problem(HttpStatus.BAD_REQUEST, "repo must be owner/name");
        }
        if (request.installationId() <= 0 || (request.number() != null && request.number() <= 0)) {
            return problem(HttpStatus.BAD_REQUEST, "installationId and number must be positive");
        }
        if (!queue.isPresent()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "this server has no work queue");
        }
        WorkTarget target = request.number() == null
                ? WorkTarget.repository(request.installationId(), request.repo())
                : WorkTarget.pullRequest(request.installationId(), request.repo(), request.number());
        queue.get().enqueue(List.of(target));
        LOG.info("Operator asked to re-evaluate {} (installation {})", target.key(), target.installationId());
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED).body(Map.of("enqueued", target.key()));
    }

    private static HttpResponse<Map<String, Object>> problem(HttpStatus status, String message) {
        return HttpResponse.<Map<String, Object>>status(status).body(Map.of("error", message));
    }
}
