package dev.aigate.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.policy.Policy;
import dev.aigate.policy.Triggers;
import dev.aigate.store.PolicyTriggers;
import dev.aigate.webhook.CheckRelevance;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the {@link Triggers} of the policy that governed each repository and base branch in the store, as each
 * evaluation finds it, and answers ingress from there: a finished check or status that no policy of the
 * repository waits on is dropped before it costs a GitHub request. Every replica reads the same rows, so after
 * a policy change the replica that did not run the re-evaluation decides as the one that did. A repository
 * with no row yet, or a store that cannot be read, is always evaluated.
 */
@Singleton
public class RecordPolicyTriggers implements CheckRelevance {

    private static final Logger LOG = LoggerFactory.getLogger(RecordPolicyTriggers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final PolicyTriggers store;

    public RecordPolicyTriggers(PolicyTriggers store) {
        this.store = store;
    }

    /** Records the policy (empty: none, or one that failed to load) that governed a pull request into {@code baseRef}. */
    public void remember(String repo, String baseRef, Optional<Policy> policy) {
        Triggers t = policy.map(Policy::triggers).orElse(Triggers.NONE);
        try {
            store.save(new PolicyTriggers.Row(repo, baseRef, t.encodeEvents(), t.encodeFetches(),
                    JSON.writeValueAsString(t.checks())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a list of strings always serialises
        }
    }

    /**
     * The triggers last recorded for each base branch of a repository: what its policy needed last time, so an
     * evaluation can start those reads with the others. Empty when none is recorded or the store cannot be read
     * (the reads then follow the policy, one round later).
     */
    public Map<String, Triggers> lastKnown(String repo) {
        try {
            Map<String, Triggers> out = new HashMap<>();
            for (PolicyTriggers.Row row : store.forRepo(repo)) {
                out.put(row.baseRef(), triggers(row));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.warn("cannot read the policy triggers of {} ({}); its reads follow the policy", repo, e.getMessage());
            return Map.of();
        }
    }

    @Override
    public boolean mayMatter(String repo, String checkName) {
        List<PolicyTriggers.Row> rows;
        try {
            rows = store.forRepo(repo);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the policy triggers of {} ({}); the event is evaluated", repo, e.getMessage());
            return true;
        }
        if (rows.isEmpty()) {
            return true;
        }
        for (PolicyTriggers.Row row : rows) {
            if (triggers(row).watchesCheck(checkName)) {
                return true;
            }
        }
        return false;
    }

    private static Triggers triggers(PolicyTriggers.Row row) {
        List<String> checks;
        try {
            checks = JSON.readValue(row.checks(), STRINGS);
        } catch (JsonProcessingException e) {
            checks = List.of("~.*"); // unreadable: watch everything rather than drop an event that matters
        }
        return Triggers.decode(row.events(), row.fetches(), checks);
    }
}
