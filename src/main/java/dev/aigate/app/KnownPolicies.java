package dev.aigate.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aigate.policy.Policy;
import dev.aigate.webhook.CheckRelevance;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies seen in recent evaluations, per repository and base branch, so that ingress can
 * drop a check or status event that no policy of the repository watches, before it costs a
 * single GitHub request (policy-bot's trigger flags, by another route). A repository not seen
 * lately is always evaluated. A policy change arrives as a push and re-evaluates the repository,
 * which refreshes this memory.
 */
@Singleton
public class KnownPolicies implements CheckRelevance {

    private final Cache<String, Map<String, Optional<Policy>>> byRepo = Caffeine.newBuilder()
            .maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    /** Records the policy (empty: none, or one that failed to load) that governed a pull request into {@code baseRef}. */
    public void remember(String repo, String baseRef, Optional<Policy> policy) {
        byRepo.get(repo, r -> new ConcurrentHashMap<>()).put(baseRef, policy);
    }

    @Override
    public boolean mayMatter(String repo, String checkName) {
        Map<String, Optional<Policy>> policies = byRepo.getIfPresent(repo);
        if (policies == null || policies.isEmpty()) {
            return true;
        }
        for (Optional<Policy> p : policies.values()) {
            if (p.isEmpty()) {
                continue; // no policy, or a broken one (which fails closed whatever the checks say)
            }
            if (checkName == null ? p.get().requiresChecks() : p.get().watchesCheck(checkName)) {
                return true;
            }
        }
        return false;
    }
}
