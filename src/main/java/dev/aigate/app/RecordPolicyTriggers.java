package dev.aigate.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aigate.policy.Policy;
import dev.aigate.policy.Triggers;
import dev.aigate.store.PolicyTriggers;
import dev.aigate.webhook.CheckRelevance;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
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
    /** What this replica recorded or read last, by repository and base branch: the read-ahead hint. */
    private final Cache<String, Triggers> recent = Caffeine.newBuilder().maximumSize(10_000).build();

    public RecordPolicyTriggers(PolicyTriggers store) {
        this.store = store;
    }

    /** Records the policy (empty: none, or one that failed to load) that governed a pull request into {@code baseRef}. */
    public void remember(String repo, String baseRef, Optional<Policy> policy) {
        Triggers t = policy.map(Policy::triggers).orElse(Triggers.NONE);
        recent.put(repo + "\n" + baseRef, t);
        try {
            store.save(new PolicyTriggers.Row(repo, baseRef, t.encodeEvents(), t.encodeFetches(),
                    JSON.writeValueAsString(t.checks())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a list of strings always serialises
        }
    }

    /**
     * What the policy of a repository and base branch needed last time, so an evaluation can start those reads with
     * the others: from what this replica recorded last, else from the store (a row another replica wrote). NONE
     * when none is recorded or the store cannot be read (the reads then follow the policy, one round later). Only
     * a hint: the policy read now decides what the snapshot holds, so a stale answer costs a read, never a verdict.
     */
    public Triggers expected(String repo, String baseRef) {
        String key = repo + "\n" + baseRef;
        Triggers known = recent.getIfPresent(key);
        if (known != null) {
            return known;
        }
        try {
            Triggers stored = store.find(repo, baseRef).map(RecordPolicyTriggers::triggers).orElse(Triggers.NONE);
            recent.put(key, stored);
            return stored;
        } catch (RuntimeException e) {
            LOG.warn("cannot read the policy triggers of {} ({}); its reads follow the policy", repo, e.getMessage());
            return Triggers.NONE;
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
