package dev.aigate.github;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import com.fasterxml.jackson.databind.JsonNode;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHRepository;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;

/**
 * Writes the {@code ai-gate} check run through hub4j, within GitHub's limits: summary and text at
 * most 65,535 characters, at most 3 actions, annotations sent 50 per request (hub4j batches them).
 */
@Singleton
public class CheckRunPublisher {

    public static final String CHECK_NAME = "ai-gate";
    public static final int MAX_OUTPUT_CHARS = 65_535;
    public static final int MAX_ACTIONS = 3;
    static final String TRUNCATED = "\n\n… (truncated to fit GitHub's 65,535-character limit)";

    private final GitHubClients clients;
    private final Cache<String, GHRepository> repositories = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(30)).build();

    public CheckRunPublisher(GitHubClients clients) {
        this.clients = clients;
    }

    /**
     * Binds hub4j's repository object to one installation from the repository JSON the pull
     * request already carries ({@code base.repo}), so writing a check run costs no extra
     * {@code GET /repos/{owner}/{repo}}.
     */
    public GHRepository repository(long installationId, JsonNode repositoryJson) throws IOException {
        String key = installationId + ":" + repositoryJson.path("full_name").asText();
        GHRepository cached = repositories.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        String payload = "{\"repository\":" + repositoryJson + "}";
        GHRepository bound = clients.forInstallation(installationId)
                .parseEventPayload(new StringReader(payload), GHEventPayload.Ping.class).getRepository();
        repositories.put(key, bound);
        return bound;
    }

    /** Creates the check run as in_progress on the head SHA and returns its id. */
    public long start(GHRepository repository, String headSha, String detailsUrl) throws IOException {
        GHCheckRunBuilder builder = repository.createCheckRun(CHECK_NAME, headSha)
                .withStatus(GHCheckRun.Status.IN_PROGRESS)
                .withStartedAt(new Date());
        if (detailsUrl != null) {
            builder.withDetailsURL(detailsUrl);
        }
        return builder.create().getId();
    }

    /** Completes the check run (created now when {@code checkRunId} is null) with a conclusion and output. */
    public long complete(GHRepository repository, String headSha, Long checkRunId, CheckRunOutput out)
            throws IOException {
        GHCheckRunBuilder builder = checkRunId == null
                ? repository.createCheckRun(CHECK_NAME, headSha)
                : repository.updateCheckRun(checkRunId);
        builder.withStatus(GHCheckRun.Status.COMPLETED)
                .withConclusion(GHCheckRun.Conclusion.valueOf(out.conclusion().toUpperCase(Locale.ROOT)))
                .withCompletedAt(new Date());
        if (out.detailsUrl() != null) {
            builder.withDetailsURL(out.detailsUrl());
        }
        GHCheckRunBuilder.Output output = new GHCheckRunBuilder.Output(limit(out.title(), 1000), limit(out.summary(), MAX_OUTPUT_CHARS));
        if (out.text() != null && !out.text().isEmpty()) {
            output.withText(limit(out.text(), MAX_OUTPUT_CHARS));
        }
        for (CheckRunOutput.Annotation a : out.annotations()) {
            GHCheckRunBuilder.Annotation annotation = new GHCheckRunBuilder.Annotation(a.path(), Math.max(1, a.startLine()),
                    Math.max(Math.max(1, a.startLine()), a.endLine()),
                    GHCheckRun.AnnotationLevel.valueOf(a.level().toUpperCase(Locale.ROOT)), a.message());
            if (a.title() != null) {
                annotation.withTitle(a.title());
            }
            output.add(annotation);
        }
        builder.add(output);
        out.actions().stream().limit(MAX_ACTIONS).forEach(a -> builder.add(new GHCheckRunBuilder.Action(
                limit(a.label(), 20), limit(a.description(), 40), limit(a.identifier(), 20))));
        return builder.create().getId();
    }

    /** Cuts text to {@code max} characters, saying so, without splitting a surrogate pair. */
    static String limit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String notice = max > TRUNCATED.length() * 2 ? TRUNCATED : "…";
        int cut = max - notice.length();
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + notice;
    }
}
