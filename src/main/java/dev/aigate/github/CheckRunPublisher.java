package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.CheckRunText;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Writes the {@code ai-gate} check run: {@code POST /repos/{owner}/{repo}/check-runs} to create it,
 * {@code PATCH .../check-runs/{id}} to update it, as small typed JSON requests through the same
 * {@link InstallationApi} that reads (one client: its cache, same-origin rule, timeouts, metrics and error
 * mapping apply to writes as to reads). {@link CheckRunContent} already holds GitHub's limits (65,535 bytes of
 * summary and text, one-line title, at most 3 actions); GitHub takes at most {@value #ANNOTATIONS_PER_REQUEST}
 * annotations per request, so the first go with the write and the rest follow in PATCHes carrying the same
 * output, {@value #ANNOTATIONS_PER_REQUEST} each, which GitHub appends.
 *
 * <p>Why not hub4j's check-run builder: it hangs off a {@code GHRepository}, which hub4j binds only by reading
 * {@code GET /repos/{owner}/{repo}} (a request per repository that nothing else needs) or by parsing an event
 * payload (a fake one, since the worker has none). The request is a handful of documented fields; writing it
 * here costs neither, and keeps hub4j to what it does well, the App's JWT.
 */
@Singleton
public class CheckRunPublisher {

    public static final String CHECK_NAME = CheckRunText.CHECK_NAME;
    /** GitHub's limit of annotations per create or update request. */
    static final int ANNOTATIONS_PER_REQUEST = 50;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Clock clock;

    @jakarta.inject.Inject
    public CheckRunPublisher() {
        this(Clock.systemUTC());
    }

    CheckRunPublisher(Clock clock) {
        this.clock = clock;
    }

    /**
     * Creates the check run as in_progress on the head SHA of {@code repo} ({@code owner/name}) and returns its id:
     * only for an evaluation still running after {@code AIGATE_CHECK_RUN_IN_PROGRESS_AFTER}; a quick one is created
     * completed by {@link #complete}.
     */
    public long start(InstallationApi api, String repo, String headSha, String detailsUrl) throws IOException {
        ObjectNode body = JSON.objectNode().put("name", CHECK_NAME).put("head_sha", headSha)
                .put("status", "in_progress").put("started_at", now());
        if (detailsUrl != null) {
            body.put("details_url", detailsUrl);
        }
        return id(api.exchange("POST", runs(repo), body));
    }

    /**
     * Completes the check run with a conclusion and output: in one POST that creates it already completed when
     * {@code checkRunId} is null (a first evaluation, no in-progress run shown), else in a PATCH of that run.
     */
    public long complete(InstallationApi api, String repo, String headSha, Long checkRunId, CheckRunContent out)
            throws IOException {
        ObjectNode body = JSON.objectNode();
        if (checkRunId == null) {
            body.put("name", CHECK_NAME).put("head_sha", headSha);
        }
        body.put("status", "completed").put("conclusion", out.conclusion().toLowerCase(Locale.ROOT))
                .put("completed_at", now());
        if (out.detailsUrl() != null) {
            body.put("details_url", out.detailsUrl());
        }
        List<CheckRunContent.Annotation> annotations = out.annotations();
        int first = Math.min(annotations.size(), ANNOTATIONS_PER_REQUEST);
        body.set("output", output(out, annotations.subList(0, first)));
        if (!out.actions().isEmpty()) {
            ArrayNode actions = body.putArray("actions");
            out.actions().forEach(a -> actions.addObject().put("label", a.label()).put("description", a.description())
                    .put("identifier", a.identifier()));
        }
        long id = checkRunId == null ? id(api.exchange("POST", runs(repo), body))
                : id(api.exchange("PATCH", runs(repo) + "/" + checkRunId, body));
        for (int from = first; from < annotations.size(); from += ANNOTATIONS_PER_REQUEST) {
            List<CheckRunContent.Annotation> chunk = annotations.subList(from,
                    Math.min(annotations.size(), from + ANNOTATIONS_PER_REQUEST));
            ObjectNode more = JSON.objectNode();
            more.set("output", output(out, chunk));
            id = id(api.exchange("PATCH", runs(repo) + "/" + id, more));
        }
        return id;
    }

    /**
     * The write requests {@link #complete} sends for this content: one, plus a PATCH for every further
     * {@value #ANNOTATIONS_PER_REQUEST} annotations (what to take from the {@link WriteBudget}).
     */
    public static int requests(CheckRunContent out) {
        int annotations = out.annotations().size();
        return annotations <= ANNOTATIONS_PER_REQUEST ? 1 : (annotations + ANNOTATIONS_PER_REQUEST - 1) / ANNOTATIONS_PER_REQUEST;
    }

    private static ObjectNode output(CheckRunContent out, List<CheckRunContent.Annotation> annotations) {
        ObjectNode output = JSON.objectNode().put("title", out.title()).put("summary", out.summary());
        if (out.text() != null && !out.text().isEmpty()) {
            output.put("text", out.text());
        }
        if (!annotations.isEmpty()) {
            ArrayNode list = output.putArray("annotations");
            for (CheckRunContent.Annotation a : annotations) {
                int start = Math.max(1, a.startLine());
                ObjectNode n = list.addObject().put("path", a.path()).put("start_line", start)
                        .put("end_line", Math.max(start, a.endLine()))
                        .put("annotation_level", a.level().apiValue().toLowerCase(Locale.ROOT))
                        .put("message", a.message());
                if (a.title() != null) {
                    n.put("title", a.title());
                }
            }
        }
        return output;
    }

    private static String runs(String repo) {
        return "/repos/" + InstallationApi.repoPath(repo) + "/check-runs";
    }

    private static long id(JsonNode answer) throws IOException {
        if (!answer.path("id").canConvertToLong()) {
            throw new IOException("GitHub's answer to a check-run write has no id");
        }
        return answer.path("id").asLong();
    }

    /** GitHub's timestamp format, to the second, in UTC. */
    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A digest of everything a check run shows, to tell whether a re-evaluation changed anything. */
    public static String digest(CheckRunContent content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(content.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
