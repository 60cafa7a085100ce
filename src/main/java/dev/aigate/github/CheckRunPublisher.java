package dev.aigate.github;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.CheckRunContent;
import dev.aigate.checks.CheckRunText;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHRepository;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;

/**
 * Writes the {@code ai-gate} check run through hub4j. {@link CheckRunContent} already holds
 * GitHub's limits (65,535 bytes of summary and text, one-line title, at most 3 actions); hub4j
 * sends annotations 50 per request and patches in the rest.
 */
@Singleton
public class CheckRunPublisher {

    public static final String CHECK_NAME = CheckRunText.CHECK_NAME;

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
    public long complete(GHRepository repository, String headSha, Long checkRunId, CheckRunContent out)
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
        GHCheckRunBuilder.Output output = new GHCheckRunBuilder.Output(out.title(), out.summary());
        if (out.text() != null && !out.text().isEmpty()) {
            output.withText(out.text());
        }
        for (CheckRunContent.Annotation a : out.annotations()) {
            GHCheckRunBuilder.Annotation annotation = new GHCheckRunBuilder.Annotation(a.path(), Math.max(1, a.startLine()),
                    Math.max(Math.max(1, a.startLine()), a.endLine()),
                    GHCheckRun.AnnotationLevel.valueOf(a.level().apiValue().toUpperCase(Locale.ROOT)), a.message());
            if (a.title() != null) {
                annotation.withTitle(a.title());
            }
            output.add(annotation);
        }
        builder.add(output);
        out.actions().forEach(a -> builder.add(new GHCheckRunBuilder.Action(a.label(), a.description(), a.identifier())));
        return builder.create().getId();
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
