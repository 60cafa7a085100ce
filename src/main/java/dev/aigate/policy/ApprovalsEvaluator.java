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
        int count = q.count();
        String detail = counted.size() + " of " + count + " required approval" + (count == 1 ? "" : "s")
                + (counted.isEmpty() ? "" : " (" + String.join(", ", counted) + ")");
        if (counted.size() >= count) {
            return new RequirementResult(q.kind(), Status.SATISFIED, detail, "", counted, excluded, List.of(), q.line(), List.of())
                    .withCarried(carried);
        }
        int missing = count - counted.size();
        StringBuilder how = new StringBuilder("Needs ").append(missing).append(" more approval").append(missing == 1 ? "" : "s");
        if (!q.users().isEmpty() || !q.teams().isEmpty() || q.permission() != null) {
            how.append(" from ").append(fromText(q));
        }
        if (!q.exclude().isEmpty()) {
            how.append(", by someone other than the ").append(ApprovalCounting.excludeText(q.exclude()));
        }
        how.append(Initiated.howToSatisfy(f.provenance));
        if (q.invalidateOn() == Requirement.Invalidation.PUSH) {
            how.append(", given on the current head ").append(PullRequestFacts.shortSha(f.headSha()));
        } else if (q.invalidateOn() == Requirement.Invalidation.DIFF_CHANGE) {
            how.append(", given on the current head ").append(PullRequestFacts.shortSha(f.headSha()))
                    .append(" or on an earlier head with the same changes");
        }
        how.append('.');
        List<String> request = new ArrayList<>();
        if (q.requestReviewers()) {
            for (String u : q.users()) {
                if (!u.equals(f.author()) && counted.stream().noneMatch(u::equalsIgnoreCase)
                        && excluded.stream().noneMatch(x -> u.equalsIgnoreCase(x.who()) && !x.reason().startsWith(ApprovalCounting.STALE))) {
                    request.add(u);
                }
            }
            request.addAll(q.teams());
        }
        return new RequirementResult(q.kind(), Status.PENDING, detail, how.toString(), counted, excluded, List.of(), q.line(), request)
                .withCarried(carried);
    }

    /** Why this reviewer is not among the people the requirement names, or null when they are (or it names none). */
    private static String notFrom(Requirement.Approvals q, PullRequestFacts f, String login) {
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
                : Requirement.Permission.of(f.pr.directory().permissions().get(login));
        if (permission != null && has != null && has.compareTo(permission) >= 0) {
            return null;
        }
        StringBuilder why = new StringBuilder("not ");
        List<String> parts = new ArrayList<>();
        if (!q.users().isEmpty()) {
            parts.add("a listed user");
        }
        if (!q.teams().isEmpty()) {
            parts.add("a member of " + String.join(" or ", q.teams().stream().sorted().toList())
                    + (unknownTeam ? " (team members could not be loaded)" : ""));
        }
        if (permission != null) {
            parts.add("a user with " + permission.id() + " permission (has " + (has == null ? "unknown" : has.id()) + ")");
        }
        return why.append(String.join(", nor ", parts)).toString();
    }

    private static String fromText(Requirement.Approvals q) {
        List<String> parts = new ArrayList<>();
        if (!q.users().isEmpty()) {
            parts.add(String.join(", ", q.users().stream().sorted().toList()));
        }
        if (!q.teams().isEmpty()) {
            parts.add("a member of " + String.join(" or ", q.teams().stream().sorted().map(t -> "@" + t).toList()));
        }
        if (q.permission() != null) {
            parts.add("someone with " + q.permission().id() + " permission");
        }
        return String.join(" or ", parts);
    }
}
