package dev.aigate.snapshot;

/**
 * What GitHub says about the App that created a pull request: {@code performed_via_github_app} on
 * the pull request's issue ({@code GET /repos/{owner}/{repo}/issues/{number}}; the pulls endpoint
 * does not carry it). Read once per evaluation.
 *
 * @param state  whether GitHub named an App, named none, or could not be asked
 * @param slug   the App's slug ({@code copilot-swe-agent}); its bot account is {@code <slug>[bot]}; null unless {@link State#APP}
 * @param appId  the App's id (not its bot account's id); 0 when unknown
 * @param status the HTTP status when {@link State#UNAVAILABLE} (404, 410), else 0
 */
public record CreatingApp(State state, String slug, long appId, int status) {

    public enum State {
        /** GitHub named the App that created the pull request. */
        APP,
        /** GitHub says no App created it ({@code performed_via_github_app: null}). */
        NONE,
        /** The issue view could not be read (404, 410): classified without it. */
        UNAVAILABLE
    }

    public static final CreatingApp NONE = new CreatingApp(State.NONE, null, 0, 0);

    public static CreatingApp app(String slug, long appId) {
        return new CreatingApp(State.APP, slug, appId, 0);
    }

    public static CreatingApp unavailable(int status) {
        return new CreatingApp(State.UNAVAILABLE, null, 0, status);
    }

    /** The App's bot account as it appears on GitHub: {@code <slug>[bot]}, id unknown. */
    public Actor botAccount() {
        return slug == null ? null : new Actor(slug + "[bot]", 0, "Bot");
    }
}
