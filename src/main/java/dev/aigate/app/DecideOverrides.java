package dev.aigate.app;

import dev.aigate.checks.GateOverride;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.SnapshotLoader;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.store.OverrideRecord;
import dev.aigate.store.OverrideRequests;
import dev.aigate.store.OverrideStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides clicks on the check run's "Override" button. Only someone with admin or maintain
 * permission on the repository may override; the decision is checked on GitHub by the worker,
 * recorded with who and why, and an override holds for that head commit only (a new push needs
 * a new one). A refused click is explained on the check run.
 */
@Singleton
public class DecideOverrides {

    static final Set<String> MAY_OVERRIDE = Set.of("admin", "maintain");
    static final String REASON = "overridden with the check run's Override button";
    private static final Logger LOG = LoggerFactory.getLogger(DecideOverrides.class);

    private final OverrideRequests requests;
    private final OverrideStore overrides;

    public DecideOverrides(OverrideRequests requests, OverrideStore overrides) {
        this.requests = requests;
        this.overrides = overrides;
    }

    /**
     * What the overrides of one head come to: the notes to show (one per refused click) and the overrides granted
     * on it, read once for every pull request that shares the head.
     */
    public record Decided(List<String> notes, List<OverrideRecord> granted) {

        public Decided {
            notes = List.copyOf(notes);
            granted = List.copyOf(granted);
        }

        /** The overrides of one pull request, oldest first. */
        public List<OverrideRecord> of(PullRequestKey pr) {
            return granted.stream().filter(o -> o.pr() == pr.number()).toList();
        }

        /** The override in force on this pull request's head, if any: the latest granted. */
        public Optional<GateOverride> overrideFor(PullRequestKey pr) {
            List<OverrideRecord> mine = of(pr);
            if (mine.isEmpty()) {
                return Optional.empty();
            }
            OverrideRecord last = mine.get(mine.size() - 1);
            return Optional.of(new GateOverride(last.actor(), last.reason(), last.createdAt()));
        }
    }

    /**
     * Decides the pending clicks on this head for the given pull requests, then reads the overrides granted on it
     * (once, for all of them).
     */
    public Decided decide(InstallationApi api, List<PullRequestKey> prs, String headSha) throws IOException {
        if (prs.isEmpty()) {
            return new Decided(List.of(), List.of());
        }
        PullRequestKey first = prs.get(0);
        String repo = first.repo().fullName();
        List<String> notes = new ArrayList<>();
        for (OverrideRequests.Request click : requests.forHead(repo, headSha)) {
            if (OverrideRequests.PENDING.equals(click.state())) {
                String permission = SnapshotLoader.permission(api, first, click.actor());
                if (MAY_OVERRIDE.contains(permission)) {
                    if (requests.decide(click.id(), OverrideRequests.GRANTED, "permission " + permission)) {
                        for (PullRequestKey pr : prs) {
                            overrides.record(new OverrideRecord(repo, pr.number(), headSha, click.actor(), REASON, Instant.now()));
                        }
                        LOG.info("override of {}@{} by {} ({}) granted", repo, headSha, click.actor(), permission);
                    }
                    continue;
                }
                String note = refusal(click.actor(), permission);
                requests.decide(click.id(), OverrideRequests.REFUSED, note);
                LOG.info("override of {}@{} by {} refused: permission {}", repo, headSha, click.actor(), permission);
                notes.add(note);
            } else if (OverrideRequests.REFUSED.equals(click.state()) && click.note() != null) {
                notes.add(click.note());
            }
        }
        return new Decided(notes, overrides.forHead(repo, headSha));
    }

    static String refusal(String actor, String permission) {
        return "Override requested by @" + actor + " was refused: overriding needs admin or maintain permission on the"
                + " repository, and @" + actor + " has " + permission + ". Ask a maintainer, or meet the requirements above.";
    }
}
