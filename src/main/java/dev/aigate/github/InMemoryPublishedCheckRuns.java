package dev.aigate.github;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aigate.snapshot.PullRequestKey;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/** Process-local memory of published check runs; the store-backed ledger replaces it. */
@Singleton
public class InMemoryPublishedCheckRuns implements PublishedCheckRuns {

    private final Cache<String, Published> runs = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofDays(7)).build();

    @Override
    public Optional<Published> find(PullRequestKey key, String headSha) {
        return Optional.ofNullable(runs.getIfPresent(key.key() + "@" + headSha));
    }

    @Override
    public void save(PullRequestKey key, String headSha, Published published) {
        runs.put(key.key() + "@" + headSha, published);
    }
}
