package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigate.github.GitHubCallException;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.WriteBudget;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.Policy;
import dev.aigate.snapshot.PullRequestSnapshot;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a policy may ask beyond the check run, both off unless the policy says so:
 * keep a provenance label on the pull request ({@code labels_sync}), and ask the reviewers whose
 * approval is missing ({@code request_reviewers}). Both need the App's "Pull requests: write"
 * permission; without it GitHub answers 403, which is logged and does not touch the verdict.
 * Writes happen only when something differs, so an unchanged pull request costs nothing here. Each write takes its
 * share of the installation's {@link WriteBudget} at refresh priority (after verdicts); one that does not fit throws,
 * and the job runs again later, when only what is still missing is sent.
 */
@Singleton
public class ApplyPolicyRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyPolicyRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WriteBudget budget;

    public ApplyPolicyRequests(WriteBudget budget) {
        this.budget = budget;
    }

    /**
     * Applies both requests; a failure is logged, not thrown (the verdict is already published), except a write
     * the installation's budget has no room for now.
     */
    public void apply(InstallationApi api, PullRequestSnapshot pr, JsonNode prJson, Evaluation evaluation)
            throws WriteBudget.Exhausted {
        Policy policy = evaluation.policy();
        if (policy == null) {
            return;
        }
        try {
            if (policy.syncsLabels()) {
                syncLabels(api, pr, policy, evaluation.provenanceLabel());
            }
            if (policy.requestsReviewers() && !evaluation.reviewersToRequest().isEmpty()) {
                requestReviewers(api, pr, prJson, evaluation.reviewersToRequest());
            }
        } catch (WriteBudget.Exhausted e) {
            throw e;
        } catch (GitHubCallException e) {
            LOG.warn("{}: {}{}", pr.key(), e.getMessage(), e.status() == 403
                    ? " (labels_sync and request_reviewers need the App's 'Pull requests: write' permission)" : "");
        } catch (IOException e) {
            LOG.warn("{}: could not apply the policy's label or reviewer requests: {}", pr.key(), e.getMessage());
        }
    }

    private void syncLabels(InstallationApi api, PullRequestSnapshot pr, Policy policy, Optional<String> wanted)
            throws IOException {
        String issue = "/repos/" + InstallationApi.repoPath(pr.repo().fullName()) + "/issues/" + pr.number() + "/labels";
        Set<String> present = new LinkedHashSet<>();
        pr.labels().forEach(l -> present.add(l.toLowerCase(Locale.ROOT)));
        for (String managed : policy.syncedLabels()) {
            boolean keep = wanted.isPresent() && wanted.get().equalsIgnoreCase(managed);
            if (!keep && present.contains(managed.toLowerCase(Locale.ROOT))) {
                write(pr);
                api.send("DELETE", issue + "/" + URLEncoder.encode(managed, StandardCharsets.UTF_8).replace("+", "%20"), null);
                LOG.info("{}: removed label {}", pr.key(), managed);
            }
        }
        if (wanted.isPresent() && !present.contains(wanted.get().toLowerCase(Locale.ROOT))) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("labels").add(wanted.get());
            write(pr);
            api.send("POST", issue, body);
            LOG.info("{}: added label {}", pr.key(), wanted.get());
        }
    }

    private void requestReviewers(InstallationApi api, PullRequestSnapshot pr, JsonNode prJson, Set<String> wanted)
            throws IOException {
        Set<String> already = new LinkedHashSet<>();
        prJson.path("requested_reviewers").forEach(u -> already.add(u.path("login").asText().toLowerCase(Locale.ROOT)));
        prJson.path("requested_teams").forEach(t -> already.add(
                pr.repo().owner().toLowerCase(Locale.ROOT) + "/" + t.path("slug").asText().toLowerCase(Locale.ROOT)));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode users = body.putArray("reviewers");
        ArrayNode teams = body.putArray("team_reviewers");
        for (String who : wanted) {
            String key = who.toLowerCase(Locale.ROOT);
            if (already.contains(key) || key.equals(pr.author().normalizedLogin())) {
                continue;
            }
            int slash = who.indexOf('/');
            if (slash > 0) {
                teams.add(who.substring(slash + 1));
            } else {
                users.add(who);
            }
        }
        if (users.isEmpty() && teams.isEmpty()) {
            return;
        }
        write(pr);
        api.send("POST", "/repos/" + InstallationApi.repoPath(pr.repo().fullName()) + "/pulls/" + pr.number() + "/requested_reviewers", body);
        LOG.info("{}: requested reviews from {} {}", pr.key(), users, teams);
    }

    private void write(PullRequestSnapshot pr) throws WriteBudget.Exhausted {
        budget.acquire(pr.key().installationId(), WriteBudget.Priority.REFRESH, 1);
    }
}
