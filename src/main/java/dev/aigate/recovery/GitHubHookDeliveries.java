package dev.aigate.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.github.GitHubClients;
import dev.aigate.github.Pagination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link HookDeliveries} through the GitHub adapter, as the App itself ({@link GitHubClients#app()}, its JWT):
 * the same HTTP cache, same-origin rule, call timeout and error mapping ({@code GitHubCallException}) as every
 * other call. Pages with the {@code Link: rel="next"} cursor back to the cut-off; a link out of the API is never
 * followed ({@link Pagination}: a forged header must not carry the App's JWT elsewhere), and the sweep then
 * keeps the pages it has.
 */
public class GitHubHookDeliveries implements HookDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubHookDeliveries.class);
    private static final int MAX_PAGES = 100;

    private final GitHubClients github;

    public GitHubHookDeliveries(GitHubClients github) {
        this.github = github;
    }

    @Override
    public List<HookDelivery> listSince(Instant since) throws IOException {
        List<HookDelivery> all = new ArrayList<>();
        try {
            github.app().pages("/app/hook/deliveries", MAX_PAGES, page -> {
                boolean older = false;
                for (JsonNode node : page) {
                    HookDelivery d = parse(node);
                    all.add(d);
                    older |= d.deliveredAt().isBefore(since);
                }
                return !older;
            });
        } catch (Pagination.ForeignLink e) {
            LOG.warn("Ignoring a pagination link: {}", e.getMessage());
        }
        return all;
    }

    @Override
    public void redeliver(long id) throws IOException {
        github.app().send("POST", "/app/hook/deliveries/" + id + "/attempts", null);
    }

    private static HookDelivery parse(JsonNode n) {
        return new HookDelivery(n.path("id").asLong(), n.path("guid").asText(null),
                Instant.parse(n.path("delivered_at").asText()), n.path("redelivery").asBoolean(false),
                n.path("status_code").asInt(0), n.path("status").asText(null), n.path("event").asText(null),
                n.path("action").isNull() ? null : n.path("action").asText(null), n.path("installation_id").asLong(0));
    }
}
