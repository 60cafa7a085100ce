package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.TriggeringRun;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds who started an agent pull request, from what GitHub and the agent record. In order of how
 * directly it names them:
 *
 * <ol>
 *   <li>the person an App created the pull request for ({@code performed_via_github_app}: the
 *       pull request's author is then that person);</li>
 *   <li>the person the agent names as requester in its PR body (OpenHands:
 *       {@code @login can click here to [continue refining the PR](...)});</li>
 *   <li>a human co-author of the agent's commits (Copilot, claude-code-action and Agent HQ agents add
 *       the person who asked as {@code Co-authored-by: name <id+login@users.noreply.github.com>});</li>
 *   <li>the account that triggered the agent's workflow run, when the body links a run of the pull
 *       request's own repository (GitHub's {@code triggering_actor}, else {@code actor});</li>
 *   <li>a human assignee (the Copilot agent assigns its pull request to the requester), then a
 *       human requested reviewer (it asks them for a review).</li>
 * </ol>
 *
 * <p>Bots and catalogue agents are never initiators. Only an {@link ProvenanceClass#AGENT} pull
 * request has one, and an {@link ProvenanceClass#ASSISTED} one a bot opened with a run link
 * (an agent workflow under {@code github-actions[bot]}): otherwise the pull request's author is the person.
 */
final class Initiators {

    private static final Pattern OPENHANDS = Pattern.compile(
            "(?m)^[ \\t]*@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})) can click here to \\[continue refining the PR\\]\\(https://app\\.all-hands\\.dev/");
    private static final Pattern NOREPLY = Pattern.compile(
            "(?i)^(?:(\\d{1,19})\\+)?([a-z0-9](?:[a-z0-9-]{0,38})(?:\\[bot])?)@users\\.noreply\\.github\\.com$");

    private Initiators() {
    }

    static Initiator find(PullRequestSnapshot pr, SignalCatalogue catalogue, ProvenanceClass cls) {
        if (cls != ProvenanceClass.AGENT) {
            // A tool-marked pull request that a bot opened (an agent workflow's github-actions[bot]):
            // no person authored it, so the run's trigger is who started it.
            return cls == ProvenanceClass.ASSISTED && pr.author() != null && pr.author().isBot()
                    ? fromRun(pr, catalogue) : null;
        }
        Actor author = pr.author();
        if (pr.people().viaApp() != null && human(author, catalogue)) {
            return new Initiator(author.login(), author.id(), "opened the pull request through "
                    + pr.people().viaApp().login(), "pr.user");
        }
        String body = pr.body();
        if (body.indexOf("all-hands.dev") >= 0) {
            Matcher m = OPENHANDS.matcher(body);
            if (m.find()) {
                return new Initiator(m.group(1), 0, "named by the agent as the person who asked for it",
                        "pr.body line " + PullRequestBody.lineOf(body, m.start()));
            }
        }
        for (CommitInfo c : pr.commits()) {
            String message = c.message();
            if (message == null || message.indexOf("noreply.github.com") < 0 || !agentCommit(c, catalogue)) {
                continue;
            }
            for (CommitTrailers.Trailer t : CommitTrailers.parse(message)) {
                if (!catalogue.isCoauthorKey(t.lowerKey())) {
                    continue;
                }
                Actor who = coAuthor(t.value());
                if (who != null && human(who, catalogue)) {
                    return new Initiator(who.login(), who.id(), "human co-author of the agent's commits",
                            "commit " + c.sha().substring(0, Math.min(7, c.sha().length())) + " trailer line " + t.line());
                }
            }
        }
        Initiator triggered = fromRun(pr, catalogue);
        if (triggered != null) {
            return triggered;
        }
        for (Actor a : pr.people().assignees()) {
            if (human(a, catalogue)) {
                return new Initiator(a.login(), a.id(), "assignee of the agent's pull request", "pr.assignees");
            }
        }
        for (Actor a : pr.people().requestedReviewers()) {
            if (human(a, catalogue)) {
                return new Initiator(a.login(), a.id(), "asked by the agent for a review", "pr.requested_reviewers");
            }
        }
        return null;
    }

    /**
     * Who triggered the agent workflow run the pull request body links to in its own repository, as
     * GitHub's run says ({@code triggering_actor}, else {@code actor}); null when no run was read.
     */
    private static Initiator fromRun(PullRequestSnapshot pr, SignalCatalogue catalogue) {
        TriggeringRun run = pr.people().triggeringRun();
        if (run == null || run.state() != TriggeringRun.State.READ) {
            return null;
        }
        Actor who = run.startedBy();
        if (!human(who, catalogue)) {
            return null;
        }
        boolean byTrigger = run.triggeringActor() != null && run.triggeringActor().login() != null;
        return new Initiator(who.login(), who.id(), "triggered the agent's workflow run " + run.runId()
                + (byTrigger ? " (triggering_actor)" : " (actor)"), "pr.body line " + run.bodyLine());
    }

    /** A commit an agent authored or committed, by account or by its bot noreply address. */
    private static boolean agentCommit(CommitInfo c, SignalCatalogue catalogue) {
        return agent(c.authorAccount(), catalogue) || agent(c.committerAccount(), catalogue)
                || (c.author() != null && agent(noreply(c.author().email()), catalogue));
    }

    private static boolean agent(Actor a, SignalCatalogue catalogue) {
        if (a == null || a.login() == null && a.id() == 0) {
            return false;
        }
        // claude-code-action commits as 41898282+claude[bot]: github-actions' id, Claude's login.
        SignalCatalogue.Bot byId = catalogue.botById(a.id());
        if (byId != null && byId.kind() == SignalCatalogue.BotKind.AGENT) {
            return true;
        }
        String login = a.normalizedLogin();
        if (login.isEmpty()) {
            return false;
        }
        SignalCatalogue.Bot bot = catalogue.botByLogin(login.endsWith("[bot]") || !a.isBot() ? login : login + "[bot]");
        if (bot == null) {
            bot = catalogue.machineUser(login);
        }
        return bot != null && bot.kind() == SignalCatalogue.BotKind.AGENT;
    }

    /** A person, not a bot: no {@code [bot]}, not type Bot, no catalogue account. */
    private static boolean human(Actor a, SignalCatalogue catalogue) {
        if (a == null || a.login() == null || a.login().isEmpty() || a.isBot()) {
            return false;
        }
        String login = a.normalizedLogin();
        return catalogue.botById(a.id()) == null && catalogue.botByLogin(login) == null
                && catalogue.botByLogin(login + "[bot]") == null && catalogue.machineUser(login) == null;
    }

    private static Actor coAuthor(String value) {
        int lt = value.lastIndexOf('<');
        int gt = value.lastIndexOf('>');
        return lt >= 0 && gt > lt ? noreply(value.substring(lt + 1, gt)) : null;
    }

    /** The account a noreply address names, {@code <id>+<login>@users.noreply.github.com}; null for any other address. */
    private static Actor noreply(String email) {
        if (email == null) {
            return null;
        }
        Matcher m = NOREPLY.matcher(email.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long id = 0;
        if (m.group(1) != null) {
            try {
                id = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                id = 0;
            }
        }
        return new Actor(m.group(2), id, "User");
    }
}
