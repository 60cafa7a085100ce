package dev.aigate.snapshot;

/**
 * The GitHub Actions run that an agent's pull request links to in its own repository
 * ({@code https://github.com/{owner}/{repo}/actions/runs/{id}} in the body), and who started it,
 * as {@code GET /repos/{owner}/{repo}/actions/runs/{id}} reports: {@code triggering_actor}, else
 * {@code actor}. Read at most once per evaluation, only for a pull request a bot account opened.
 *
 * @param runId           the run's id (digits only)
 * @param bodyLine        the body line the link is on (1-based)
 * @param state           whether the run was read
 * @param triggeringActor who triggered the run (re-runs included), null when GitHub did not say
 * @param actor           who started the run's first attempt, null when GitHub did not say
 * @param status          the HTTP status when {@link State#UNAVAILABLE} (404, 410), else 0
 */
public record TriggeringRun(long runId, int bodyLine, State state, Actor triggeringActor, Actor actor, int status) {

    public enum State { READ, UNAVAILABLE }

    /** Who started the run: the triggering actor, else the actor; null when neither is known. */
    public Actor startedBy() {
        if (triggeringActor != null && triggeringActor.login() != null) {
            return triggeringActor;
        }
        return actor != null && actor.login() != null ? actor : null;
    }
}
