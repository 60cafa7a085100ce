package dev.aigate.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.PullRequestResult;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.Requirement;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.Rule;
import dev.aigate.policy.RuleResult;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.Review;
import dev.aigate.checks.Conclusions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Records the pull request lifecycle (docs/dashboard.md) at the two places ai-gate learns about it: ingress, for the
 * steps GitHub announces (opened, ready, closed, merged, reviews), written before the delivery is acknowledged so
 * none is lost; and each evaluation, for what only an evaluation knows (the class, the verdict, which approvals
 * counted, what blocked).
 */
@Singleton
public class LifecycleRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleRecorder.class);

    private final LifecycleStore store;
    private final LifecycleMetrics metrics;
    private final Clock clock;

    public LifecycleRecorder(LifecycleStore store, LifecycleMetrics metrics) {
        this(store, metrics, Clock.systemUTC());
    }

    LifecycleRecorder(LifecycleStore store, LifecycleMetrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Ingress: records the lifecycle step a verified delivery carries, if any. Throws
     * {@link dev.aigate.store.StoreException} when the store cannot take it, so ingress answers 503 and the delivery
     * is redelivered; a delivery id recorded before is a no-op.
     */
    public void delivered(String event, String deliveryId, JsonNode payload) {
        LifecycleEvent.from(event, deliveryId, payload, clock.instant()).ifPresent(store::record);
    }

    /**
     * Ingress, answering from the event loop: the lifecycle step a verified delivery carries, if any, for
     * {@link LifecycleStore#recordWithin} in the transaction that makes the delivery durable.
     */
    public Optional<LifecycleEvent> atIngress(String event, String deliveryId, JsonNode payload) {
        return LifecycleEvent.from(event, deliveryId, payload, clock.instant());
    }

    /**
     * The worker, after an evaluation's decision is recorded. A failure here is logged, not retried: the check run
     * is published and the decision recorded; the next evaluation of the pull request folds the same facts in.
     */
    public void evaluated(PullRequestSnapshot snapshot, JsonNode prJson, PullRequestResult result) {
        try {
            Evaluated facts = facts(snapshot, prJson, result, clock.instant());
            LifecycleStore.Before before = store.evaluated(facts);
            if (before.firstApprovalAt() == null && facts.firstApprovalAt() != null) {
                Long ready = before.readyAt();
                Instant from = ready != null ? Instant.ofEpochMilli(ready) : facts.createdAt();
                if (from != null) {
                    metrics.firstCountedApproval(facts.provenanceClass(), Duration.between(from, facts.firstApprovalAt()));
                }
            }
            if (!before.overridden() && facts.overridden()) {
                metrics.overridden(facts.provenanceClass());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record the lifecycle of {}: {}", result.pr(), e.toString());
        }
    }

    /** What one evaluation tells the lifecycle. Pure. */
    static Evaluated facts(PullRequestSnapshot snapshot, JsonNode prJson, PullRequestResult result, Instant now) {
        Evaluation e = result.evaluation();
        Set<String> counted = new LinkedHashSet<>();
        boolean unmet = false;
        int required = 0;
        List<Evaluated.Blocker> blockers = new ArrayList<>();
        for (RuleResult rule : e.rules()) {
            if (!rule.applied()) {
                continue;
            }
            for (RequirementResult req : rule.requirements()) {
                boolean approvals = "approvals".equals(req.kind()) || "codeowners".equals(req.kind());
                boolean met = req.status().met();
                if (approvals) {
                    req.counted().forEach(login -> counted.add(login.toLowerCase(Locale.ROOT)));
                    unmet |= !met;
                }
                if (!met && !rule.observed() && rule.onFailure().blocks()) {
                    blockers.add(new Evaluated.Blocker(rule.name(), req.kind()));
                }
            }
            required = Math.max(required, requiredApprovals(e, rule));
        }
        Instant firstApproval = null;
        for (Review r : snapshot.reviews()) {
            if (r.isApproval() && r.submittedAt() != null && r.reviewer().login() != null
                    && counted.contains(r.reviewer().login().toLowerCase(Locale.ROOT))
                    && (firstApproval == null || r.submittedAt().isBefore(firstApproval))) {
                firstApproval = r.submittedAt();
            }
        }
        String conclusion = Conclusions.of(result.effectiveVerdict());
        return new Evaluated(result.pr().repo().fullName(), result.pr().number(), snapshot.author().login(),
                time(prJson.path("created_at")), snapshot.draft(),
                e.provenance() == null ? null : e.provenance().provenanceClass().id(), conclusion,
                result.effectiveVerdict().blocks(), result.overridden(), counted.size(), required, unmet,
                firstApproval, blockers, policySource(e, snapshot.policy()), e.policyLocation(), now);
    }

    /** The count of the policy's approvals requirement behind an applied rule's result (matched by name and line). */
    private static int requiredApprovals(Evaluation e, RuleResult rule) {
        if (e.policy() == null) {
            return 0;
        }
        int most = 0;
        for (Rule r : e.policy().rules()) {
            if (!r.name().equals(rule.name()) || (rule.policyLine() != 0 && r.line() != rule.policyLine())) {
                continue;
            }
            for (Requirement req : r.requirements()) {
                if (req instanceof Requirement.Approvals a) {
                    most = Math.max(most, a.count());
                }
            }
        }
        return most;
    }

    static String policySource(Evaluation e, Optional<PolicyFile> file) {
        return switch (e.policyState()) {
            case NONE -> "none";
            case INVALID -> "invalid";
            default -> file.map(f -> f.origin().name().toLowerCase(Locale.ROOT)).orElse("none");
        };
    }

    private static Instant time(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
