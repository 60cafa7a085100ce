package dev.aigate.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.store.DecisionRecord;
import dev.aigate.checks.Conclusions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who must act now, and on what, read from one recorded decision: each unmet requirement of an applied rule
 * names the party that can meet it. The author meets tests, disclosure and size (add tests, disclose, split);
 * a reviewer (from the teams the policy names) meets approvals and code owners; a check meets checks by
 * reporting; labels are set by the author or a maintainer; a policy that did not load is fixed by whoever
 * maintains it. A rule in observe mode is listed too, marked: nothing blocks on it.
 */
public final class NextActions {

    /**
     * One party and what it must do.
     *
     * @param who      "The author (@login)", "A reviewer", "A check", ...
     * @param role     author, reviewer, check, maintainer: for styling and tests
     * @param what     what to do, as the policy and evaluation said it
     * @param rule     the rule it comes from
     * @param observed the rule is in observe mode: this would be needed if it were enforced
     */
    public record Action(String who, String role, String what, String rule, boolean observed) {
    }

    private NextActions() {
    }

    /** The actions for {@code d}, in rule order, each party and step once; empty when nothing is needed. */
    public static List<Action> of(DecisionRecord d, String author) {
        List<Action> out = new ArrayList<>();
        JsonNode policy = d.policyResult();
        String state = policy == null ? "" : policy.path("state").asText("");
        if ("invalid".equals(state) || "over_budget".equals(state)) {
            out.add(new Action("Whoever maintains the policy", "maintainer", "invalid".equals(state)
                    ? "fix the policy file " + policy.path("location").asText("") + " (its problems are listed below)"
                    : "make the policy cheaper to evaluate: it ran out of its evaluation budget", "", false));
            return out;
        }
        // Nothing blocks, and nothing would if enforced (an override in force lifts both): nobody must act.
        if (!Conclusions.blocks(d.conclusion()) && !Conclusions.blocks(d.wouldConclusion())) {
            return out;
        }
        Map<String, Action> seen = new LinkedHashMap<>();
        JsonNode rules = d.ruleResults();
        if (rules == null || !rules.isArray()) {
            return out;
        }
        for (JsonNode rule : rules) {
            if (!rule.path("applied").asBoolean(false)) {
                continue;
            }
            boolean observed = rule.path("observed").asBoolean(false);
            for (JsonNode req : rule.path("requirements")) {
                String status = req.path("status").asText("").toLowerCase(Locale.ROOT);
                if (!status.equals("pending") && !status.equals("failed")) {
                    continue;
                }
                String kind = req.path("kind").asText("");
                String what = firstNonBlank(req.path("howToSatisfy").asText(""), rule.path("hint").asText(""),
                        req.path("detail").asText(""));
                Action a = action(kind, what, req, author, rule.path("name").asText(""), observed);
                seen.putIfAbsent(a.who() + "\u0000" + a.what(), a);
            }
        }
        out.addAll(seen.values());
        return out;
    }

    private static Action action(String kind, String what, JsonNode req, String author, String rule, boolean observed) {
        String theAuthor = author == null || author.isEmpty() ? "The author" : "The author (@" + author + ")";
        return switch (kind) {
            case "approvals", "codeowners" -> {
                List<String> from = new ArrayList<>();
                req.path("reviewersToRequest").forEach(r -> from.add("@" + r.asText()));
                String who = "codeowners".equals(kind) ? "A code owner" : "A reviewer";
                yield new Action(from.isEmpty() ? who : who + " from " + String.join(", ", from), "reviewer",
                        what.isEmpty() ? "approve the pull request" : what, rule, observed);
            }
            case "checks" -> new Action("A check", "check", what.isEmpty() ? "report a result" : what, rule, observed);
            case "labels" -> new Action(theAuthor + " or a maintainer", "author", what, rule, observed);
            default -> new Action(theAuthor, "author", what, rule, observed);
        };
    }

    private static String firstNonBlank(String... texts) {
        for (String t : texts) {
            if (t != null && !t.isBlank()) {
                return t.strip();
            }
        }
        return "";
    }
}
