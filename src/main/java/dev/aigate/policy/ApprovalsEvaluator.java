package dev.aigate.policy;

import java.util.ArrayList;
import java.util.List;

/** Evaluates {@code approvals}: enough approving reviews from eligible people. */
final class ApprovalsEvaluator {

    private ApprovalsEvaluator() {
    }

    static RequirementResult evaluate(Requirement.Approvals q, PullRequestFacts f) {
        List<RequirementResult.Exclusion> excluded = new ArrayList<>();
        List<RequirementResult.Carried> carried = new ArrayList<>();
        List<String> counted = ApprovalCounting.counted(f, q.exclude(), q.invalidateOn(),
                r -> notFrom(q, f, r.reviewer().normalizedLogin()), excluded, carried).stream()
                .map(r -> r.reviewer().login()).toList();
        RequirementFacts.Approvals facts = new RequirementFacts.Approvals(q.count(), counted,
                q.users().stream().sorted().toList(), q.teams().stream().sorted().toList(), q.permission(),
                List.copyOf(q.exclude()), q.invalidateOn(), f.headSha(), Initiated.blocked(f.provenance));
        if (facts.status() == Status.SATISFIED) {
            return new RequirementResult(q.kind(), Status.SATISFIED, facts, counted, excluded, List.of(), q.line(), List.of())
                    .withCarried(carried);
        }
        List<String> request = new ArrayList<>();
        if (q.requestReviewers()) {
            for (String u : q.users()) {
                if (!u.equals(f.author()) && counted.stream().noneMatch(u::equalsIgnoreCase)
                        && excluded.stream().noneMatch(x -> u.equalsIgnoreCase(x.who()) && !x.stale())) {
                    request.add(u);
                }
            }
            request.addAll(q.teams());
        }
        return new RequirementResult(q.kind(), facts.status(), facts, counted, excluded, List.of(), q.line(), request)
                .withCarried(carried);
    }

    /** Why this reviewer is not among the people the requirement names, or null when they are (or it names none). */
    private static RequirementResult.Exclusion.Why notFrom(Requirement.Approvals q, PullRequestFacts f, String login) {
        if (q.users().isEmpty() && q.teams().isEmpty() && q.permission() == null) {
            return null;
        }
        if (q.users().contains(login)) {
            return null;
        }
        boolean unknownTeam = false;
        for (String t : q.teams()) {
            Boolean in = f.inTeam(login, t);
            if (Boolean.TRUE.equals(in)) {
                return null;
            }
            unknownTeam |= in == null;
        }
        Requirement.Permission permission = q.permission();
        Requirement.Permission has = permission == null ? null
                : Requirement.Permission.of(f.pr.memberships().permissions().get(login));
        if (permission != null && has != null && has.compareTo(permission) >= 0) {
            return null;
        }
        return new RequirementResult.Exclusion.NotFrom(!q.users().isEmpty(), q.teams().stream().sorted().toList(),
                unknownTeam, permission, has);
    }
}
