package dev.aigate.github;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/** Process-local memory of published check runs; the store-backed ledger replaces it. */
@Singleton
public class InMemoryPublishedCheckRuns implements PublishedCheckRuns {

    private final Cache<String, Published> runs = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofDays(7)).build();

    @Override
    public Optional<Published> find(String repo, String headSha) {
        return Optional.ofNullable(runs.getIfPresent(repo + "@" + headSha));
    }

    @Override
    public void save(String repo, String headSha, Published published) {
        runs.put(repo + "@" + headSha, published);
    }
}
