package dev.aigate.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.checks.Conclusions;
import dev.aigate.policy.Verdict;
import dev.aigate.store.DecisionRecord;
import dev.aigate.store.OverrideRecord;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static dev.aigate.web.WebPages.escape;

/**
 * The details page of one pull request, the page every {@code ai-gate} check run links to: data in, HTML out.
 * The verdict in one line, who must act now and on what, every rule with its requirements (who counted, who
 * was left out and why, approvals kept across pushes or dropped), the provenance evidence, size and policy, and
 * the history of evaluations and overrides. Everything recorded from the pull request is escaped; the only links
 * are the ones built here from the operator's GitHub web address and the validated owner, name and number.
 */
public final class DetailsPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * What the page shows.
     *
     * @param owner      the repository owner (validated by the controller)
     * @param repo       the repository name (validated)
     * @param number     the pull request number
     * @param decisions  its recorded evaluations, newest first (may be empty)
     * @param overrides  every override granted on it, oldest first
     * @param webUrl     GitHub's web address ({@code AIGATE_GITHUB_WEB_URL}), for the links back
     * @param signedInAs the signed-in login, or null
     * @param more       whether older evaluations exist than the ones in {@code decisions}
     */
    public record Details(String owner, String repo, int number, List<DecisionRecord> decisions,
                          List<OverrideRecord> overrides, String webUrl, String signedInAs, boolean more) {
        public Details {
            decisions = List.copyOf(decisions);
            overrides = List.copyOf(overrides);
        }
    }

    private DetailsPage() {
    }

    public static String render(Details d) {
        String full = d.owner() + "/" + d.repo();
        String prUrl = d.webUrl() + "/" + d.owner() + "/" + d.repo() + "/pull/" + d.number();
        StringBuilder b = new StringBuilder(16_384);
        if (d.decisions().isEmpty()) {
            b.append("<h1>").append(escape(full)).append(" #").append(d.number()).append("</h1>")
                    .append("<p id=\"neverSeen\">ai-gate has no evaluation of this pull request. It evaluates a pull "
                            + "request when GitHub tells it one was opened or changed, on repositories where the App is "
                            + "installed; evaluations older than the retention period (AIGATE_DECISION_RETENTION) are "
                            + "deleted. If the pull request exists, push to it or re-run the ai-gate check on GitHub.</p>")
                    .append("<p><a id=\"onGitHub\" href=\"").append(escape(prUrl))
                    .append("\">Open the pull request on GitHub</a></p>");
            return WebPages.page(full + " #" + d.number() + " · ai-gate", d.signedInAs(), b.toString());
        }
        DecisionRecord latest = d.decisions().get(0);
        JsonNode pr = latest.pullRequest();
        String title = pr == null ? "" : pr.path("title").asText("");
        String author = pr == null ? "" : pr.path("author").asText("");
        b.append("<h1>").append(escape(full)).append(" #").append(d.number())
                .append(title.isEmpty() ? "" : ": <span id=\"prTitle\">" + escape(title) + "</span>").append("</h1>");
        b.append("<p class=\"hint\">");
        if (!author.isEmpty()) {
            b.append("by <strong id=\"prAuthor\">@").append(escape(author)).append("</strong> · ");
        }
        if (pr != null && !pr.path("head_ref").asText("").isEmpty()) {
            b.append("<code id=\"headRef\">").append(escape(pr.path("head_ref").asText(""))).append("</code> → <code>")
                    .append(escape(pr.path("base_ref").asText(""))).append("</code> · ");
        }
        b.append("head <code>").append(escape(shortSha(latest.headSha()))).append("</code> · <a id=\"onGitHub\" href=\"")
                .append(escape(prUrl)).append("\">open on GitHub</a></p>");

        verdict(b, latest);
        actions(b, latest, author);
        rules(b, latest);
        provenance(b, latest);
        history(b, d);
        overrides(b, d);
        return WebPages.page(full + " #" + d.number() + " · ai-gate", d.signedInAs(), b.toString());
    }

    private static void verdict(StringBuilder b, DecisionRecord d) {
        String conclusion = Objects.requireNonNullElse(d.conclusion(), "");
        b.append("<p id=\"verdict\" class=\"verdict ").append(cssClass(conclusion)).append("\"><strong>")
                .append(escape(words(conclusion))).append("</strong>");
        if (!d.overrides().isEmpty() && Conclusions.parse(conclusion) == Verdict.SUCCESS) {
            OverrideRecord o = d.overrides().get(d.overrides().size() - 1);
            b.append(" · overridden by @").append(escape(o.actor())).append(": ").append(escape(o.reason()));
        }
        b.append(" <span class=\"hint\">(evaluated ").append(escape(time(d.evaluatedAt()))).append(")</span></p>");
        if ("observe".equals(d.mode()) || (d.wouldConclusion() != null && !d.wouldConclusion().equals(conclusion))) {
            b.append("<p id=\"observe\" class=\"verdict observe\">Observe mode: the check run never blocks a merge. "
                    + "Enforced, the policy would <strong>").append(escape(wouldWords(d.wouldConclusion())))
                    .append("</strong>.</p>");
        }
    }

    private static void actions(StringBuilder b, DecisionRecord d, String author) {
        List<NextActions.Action> actions = NextActions.of(d, author);
        b.append("<h2>Who must act now</h2><div id=\"whoMustAct\">");
        if (actions.isEmpty()) {
            b.append("<p>Nobody: nothing the policy requires is missing on this head.</p>");
        }
        for (NextActions.Action a : actions) {
            b.append("<div class=\"act\" data-role=\"").append(escape(a.role())).append("\"><strong>")
                    .append(escape(a.who())).append("</strong>: ").append(escape(a.what()));
            if (!a.rule().isEmpty()) {
                b.append(" <span class=\"hint\">(rule ").append(escape(a.rule()))
                        .append(a.observed() ? ", observe mode: would be needed" : "").append(")</span>");
            }
            b.append("</div>");
        }
        b.append("</div>");
    }

    private static void rules(StringBuilder b, DecisionRecord d) {
        b.append("<h2>Rules</h2><div id=\"rules\">");
        JsonNode rules = d.ruleResults();
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            b.append("<p>No rule ran on this evaluation.</p>");
        } else {
            for (JsonNode rule : rules) {
                rule(b, rule);
            }
        }
        b.append("</div>");
    }

    private static void rule(StringBuilder b, JsonNode rule) {
        String status = rule.path("status").asText("").toLowerCase(Locale.ROOT);
        b.append("<section class=\"rule\"><h3>").append(escape(rule.path("name").asText("")))
                .append(" <span class=\"status-").append(escape(status)).append("\">").append(escape(status))
                .append("</span>").append(rule.path("observed").asBoolean(false) ? " <span class=\"hint\">(observe mode)</span>" : "")
                .append("</h3>");
        String description = rule.path("description").asText("");
        if (!description.isEmpty()) {
            b.append("<p>").append(escape(description)).append("</p>");
        }
        b.append("<p class=\"hint\">").append(rule.path("applied").asBoolean(false) ? "Applies: " : "Skipped: ")
                .append(escape(rule.path("why").asText(""))).append(" · when unmet: ")
                .append(escape(rule.path("onFailure").asText("").toLowerCase(Locale.ROOT)));
        if (rule.path("policyLine").asInt(0) > 0) {
            b.append(" · policy line ").append(rule.path("policyLine").asInt());
        }
        b.append("</p>");
        JsonNode reqs = rule.path("requirements");
        if (!reqs.isArray() || reqs.isEmpty()) {
            b.append("</section>");
            return;
        }
        b.append("<table><thead><tr><th>Requirement</th><th>Status</th><th>Found</th><th>To satisfy</th>"
                + "<th>Counted</th><th>Left out, and why</th></tr></thead><tbody>");
        for (JsonNode req : reqs) {
            b.append("<tr><td><code>").append(escape(req.path("kind").asText(""))).append("</code></td><td class=\"status-")
                    .append(escape(req.path("status").asText("").toLowerCase(Locale.ROOT))).append("\">")
                    .append(escape(req.path("status").asText("").toLowerCase(Locale.ROOT))).append("</td><td>")
                    .append(escape(req.path("detail").asText(""))).append("</td><td>")
                    .append(escape(req.path("howToSatisfy").asText(""))).append("</td><td>");
            List<String> counted = new ArrayList<>();
            req.path("counted").forEach(c -> counted.add(c.asText()));
            b.append(escape(String.join(", ", counted))).append("</td><td>");
            List<String> excluded = new ArrayList<>();
            req.path("excluded").forEach(x -> excluded.add(x.path("who").asText("") + " — " + x.path("reason").asText("")));
            b.append(list(excluded)).append("</td></tr>");
        }
        b.append("</tbody></table>");
        carried(b, reqs);
        files(b, reqs);
        b.append("</section>");
    }

    /** Approvals on earlier heads under {@code invalidate_on: diff_change}: kept, or dropped and why. */
    private static void carried(StringBuilder b, JsonNode reqs) {
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (JsonNode req : reqs) {
            for (JsonNode c : req.path("carried")) {
                String who = "@" + c.path("who").asText("");
                String from = shortSha(c.path("approvedSha").asText(""));
                String to = shortSha(c.path("headSha").asText(""));
                JsonNode diff = c.path("diff");
                String outcome = diff.path("outcome").asText("").toLowerCase(Locale.ROOT);
                if ("same".equals(outcome)) {
                    kept.add(who + " approved " + from + "; the pull request's own changes are the same at " + to);
                } else if ("changed".equals(outcome)) {
                    List<String> why = new ArrayList<>();
                    names(diff, "changed", "changed", why);
                    names(diff, "added", "added", why);
                    names(diff, "removed", "no longer changed", why);
                    dropped.add(who + " approved " + from + "; dropped at " + to + ": the pull request's own changes differ ("
                            + String.join("; ", why) + ")");
                } else {
                    String gap = diff.path("gap").asText("").toLowerCase(Locale.ROOT).replace('_', ' ');
                    String detail = diff.path("gapDetail").asText("");
                    dropped.add(who + " approved " + from + "; dropped at " + to + ": the changes could not be compared"
                            + (gap.isEmpty() ? "" : " (" + gap + (detail.isEmpty() ? "" : ": " + detail) + ")")
                            + ", so the approval does not count");
                }
            }
        }
        if (!kept.isEmpty() || !dropped.isEmpty()) {
            b.append("<div class=\"carried\"><p><strong>Approvals across pushes</strong> "
                    + "<span class=\"hint\">(invalidate_on: diff_change)</span></p>");
            if (!kept.isEmpty()) {
                b.append("<p>Kept:</p><div class=\"kept\">").append(list(kept)).append("</div>");
            }
            if (!dropped.isEmpty()) {
                b.append("<p>Dropped:</p><div class=\"dropped\">").append(list(dropped)).append("</div>");
            }
            b.append("</div>");
        }
    }

    private static void names(JsonNode diff, String field, String label, List<String> out) {
        List<String> files = new ArrayList<>();
        diff.path(field).forEach(f -> files.add(f.asText()));
        if (!files.isEmpty()) {
            int shown = Math.min(files.size(), 20);
            out.add(label + ": " + String.join(", ", files.subList(0, shown))
                    + (files.size() > shown ? " and " + (files.size() - shown) + " more" : ""));
        }
    }

    private static void files(StringBuilder b, JsonNode reqs) {
        List<String> rows = new ArrayList<>();
        for (JsonNode req : reqs) {
            for (JsonNode n : req.path("fileNotes")) {
                if (rows.size() == 200) {
                    break;
                }
                rows.add("<tr><td><code>" + escape(n.path("path").asText("")) + "</code></td><td>"
                        + n.path("line").asInt(0) + "</td><td>" + escape(n.path("message").asText("")) + "</td></tr>");
            }
        }
        if (!rows.isEmpty()) {
            b.append("<details><summary>Files (").append(rows.size()).append(")</summary><table class=\"files\"><thead>"
                    + "<tr><th>File</th><th>Line</th><th>Note</th></tr></thead><tbody>");
            rows.forEach(b::append);
            b.append("</tbody></table></details>");
        }
    }

    private static void provenance(StringBuilder b, DecisionRecord d) {
        b.append("<h2>Provenance, size and policy</h2><p id=\"classes\">Provenance class: <strong>")
                .append(escape(d.provenanceClass() == null ? "not computed" : d.provenanceClass()))
                .append("</strong> · size: <strong>").append(escape(d.sizeClass() == null ? "not computed" : d.sizeClass()))
                .append("</strong></p>");
        JsonNode initiator = d.pullRequest() == null ? null : d.pullRequest().get("initiator");
        if (initiator != null && !initiator.path("login").asText("").isEmpty()) {
            // The person who started the agent: their approval never counts alone on its pull request.
            b.append("<p id=\"initiator\">Started by <strong>").append(escape(initiator.path("login").asText()))
                    .append("</strong> (").append(escape(initiator.path("how").asText("")));
            String where = initiator.path("location").asText("");
            if (!where.isEmpty()) {
                b.append(", ").append(escape(where));
            }
            b.append("); by default their approval does not count toward it.</p>");
        }
        JsonNode evidence = d.evidence();
        if (evidence != null && evidence.isArray() && !evidence.isEmpty()) {
            b.append("<table id=\"evidence\"><thead><tr><th>Tier</th><th>Signal</th><th>Tool</th><th>Where</th>"
                    + "<th>Matched text</th><th>Forgeable</th></tr></thead><tbody>");
            for (JsonNode e : evidence) {
                b.append("<tr><td>").append(escape(e.path("tier").asText(""))).append("</td><td><code>")
                        .append(escape(e.path("signalId").asText(""))).append("</code></td><td>")
                        .append(escape(e.path("tool").asText(""))).append("</td><td>")
                        .append(escape(e.path("location").asText(""))).append("</td><td><code>")
                        .append(escape(e.path("matchedText").asText(""))).append("</code></td><td>")
                        .append(e.path("forgeable").asBoolean(false) ? "yes: the author could have written it"
                                : "no: GitHub attests it").append("</td></tr>");
            }
            b.append("</tbody></table>");
        } else {
            b.append("<p>No provenance signal was found.</p>");
        }
        JsonNode policy = d.policyResult();
        b.append("<p id=\"policySource\">Policy: ");
        if (policy == null) {
            b.append("not recorded for this evaluation");
        } else {
            String state = policy.path("state").asText("");
            b.append("<code>").append(escape(policy.path("location").asText(""))).append("</code> (")
                    .append(escape(switch (state) {
                        case "loaded" -> "loaded";
                        case "none" -> "no policy applies";
                        case "invalid" -> "did not load";
                        default -> state.replace('_', ' ');
                    })).append(')');
            if (d.mode() != null) {
                b.append(" · mode: <strong>").append(escape(d.mode())).append("</strong>");
            }
        }
        b.append("</p>");
        if (policy != null && policy.path("problems").isArray() && !policy.path("problems").isEmpty()) {
            List<String> problems = new ArrayList<>();
            policy.path("problems").forEach(p -> problems.add(p.asText()));
            b.append("<div id=\"policyProblems\">").append(list(problems)).append("</div>");
        }
    }

    private static void history(StringBuilder b, Details d) {
        b.append("<h2>History</h2><table id=\"history\"><thead><tr><th>Evaluated</th><th>Head</th><th>What changed"
                + "</th><th>Verdict</th><th>Enforced, would</th><th>Took</th></tr></thead><tbody>");
        List<DecisionRecord> all = d.decisions();
        for (int i = 0; i < all.size(); i++) {
            DecisionRecord r = all.get(i);
            DecisionRecord before = i + 1 < all.size() ? all.get(i + 1) : null;
            Long took = r.timingsMillis().get("total");
            b.append("<tr><td>").append(escape(time(r.evaluatedAt()))).append("</td><td><code>")
                    .append(escape(shortSha(r.headSha()))).append("</code></td><td>")
                    .append(escape(whatChanged(r, before, i + 1 == all.size() && !d.more()))).append("</td><td>")
                    .append(escape(words(r.conclusion()))).append("</td><td>")
                    .append(escape(r.wouldConclusion() == null || r.wouldConclusion().equals(r.conclusion()) ? ""
                            : wouldWords(r.wouldConclusion()))).append("</td><td>")
                    .append(took == null ? "" : took + " ms").append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (d.more()) {
            b.append("<p class=\"hint\">Older evaluations are not shown.</p>");
        }
    }

    /**
     * What set this evaluation apart from the one before. The queue merges the events that arrive close together
     * into one evaluation, so this compares the records rather than naming one event.
     */
    static String whatChanged(DecisionRecord r, DecisionRecord before, boolean first) {
        if (before == null) {
            return first ? "first evaluation" : "";
        }
        List<String> what = new ArrayList<>();
        if (!Objects.equals(r.headSha(), before.headSha())) {
            what.add("new head (push)");
        }
        String policyNow = r.policyResult() == null ? null : r.policyResult().toString();
        String policyThen = before.policyResult() == null ? null : before.policyResult().toString();
        if (!Objects.equals(policyNow, policyThen) || !Objects.equals(r.mode(), before.mode())
                || !Objects.equals(ruleNames(r), ruleNames(before))) {
            what.add("policy changed");
        }
        if (r.overrides().size() != before.overrides().size()) {
            what.add("override");
        }
        if (r.approvalsCounted() != before.approvalsCounted()) {
            what.add("approvals " + before.approvalsCounted() + " → " + r.approvalsCounted());
        }
        if (what.isEmpty()) {
            what.add(Objects.equals(r.conclusion(), before.conclusion()) ? "re-evaluated, same result"
                    : "reviews or checks changed");
        }
        return String.join(", ", what);
    }

    private static List<String> ruleNames(DecisionRecord r) {
        List<String> names = new ArrayList<>();
        if (r.ruleResults() != null) {
            r.ruleResults().forEach(rule -> names.add(rule.path("name").asText("")));
        }
        return names;
    }

    private static void overrides(StringBuilder b, Details d) {
        b.append("<h2>Overrides</h2>");
        if (d.overrides().isEmpty()) {
            b.append("<p id=\"noOverrides\">No override was granted on this pull request.</p>");
            return;
        }
        b.append("<table id=\"overrides\"><thead><tr><th>When</th><th>Who</th><th>Why</th><th>Head</th></tr></thead><tbody>");
        for (OverrideRecord o : d.overrides()) {
            b.append("<tr><td>").append(escape(time(o.createdAt()))).append("</td><td>@").append(escape(o.actor()))
                    .append("</td><td>").append(escape(o.reason())).append("</td><td><code>")
                    .append(escape(shortSha(o.headSha()))).append("</code></td></tr>");
        }
        b.append("</tbody></table>");
    }

    private static String list(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<ul>");
        items.forEach(i -> out.append("<li>").append(escape(i)).append("</li>"));
        return out.append("</ul>").toString();
    }

    static String words(String conclusion) {
        Verdict v = Conclusions.parse(conclusion);
        if (v == null) {
            return conclusion == null || conclusion.isEmpty() ? "No verdict" : conclusion;
        }
        return switch (v) {
            case SUCCESS -> "Passes";
            case FAILURE -> "Blocked";
            case ACTION_REQUIRED -> "Blocked: action required";
            case NEUTRAL -> "Neutral: does not block";
        };
    }

    private static String wouldWords(String conclusion) {
        Verdict v = Conclusions.parse(conclusion);
        if (v == null) {
            return Objects.requireNonNullElse(conclusion, "not say");
        }
        return switch (v) {
            case SUCCESS -> "pass";
            case FAILURE -> "block (failure)";
            case ACTION_REQUIRED -> "block (action required)";
            case NEUTRAL -> "be neutral";
        };
    }

    private static String cssClass(String conclusion) {
        return conclusion.matches("[a-z_]{1,20}") ? conclusion : "neutral";
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    private static String shortSha(String sha) {
        return sha == null ? "" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
