package dev.aigate.web;

import dev.aigate.github.GitHubSettings;
import dev.aigate.store.DecisionLog;
import dev.aigate.store.DecisionRecord;
import dev.aigate.store.OverrideStore;
import dev.aigate.store.StoreException;
import dev.aigate.web.auth.GitHubPageAccess;
import dev.aigate.web.auth.SignIn;
import dev.aigate.web.auth.Sessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /pulls/{owner}/{repo}/{number}}: the details page every check run links to. Who may see it is
 * asked of {@link PageAccess} before the store is read, so a visitor who may not see the repository learns
 * nothing, not even whether ai-gate has seen the pull request: they get the same 404 as a path that names nothing.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
public class DetailsController {

    /** Evaluations shown in the history; older ones are counted as "more". */
    static final int HISTORY = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DetailsController.class);
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,9}");

    private final PageAccess access;
    private final DecisionLog decisions;
    private final OverrideStore overrides;
    private final GitHubSettings github;
    private final SignIn signIn;

    public DetailsController(PageAccess access, DecisionLog decisions, OverrideStore overrides, GitHubSettings github,
                             SignIn signIn) {
        this.access = access;
        this.decisions = decisions;
        this.overrides = overrides;
        this.github = github;
        this.signIn = signIn;
    }

    /** Any other path under /pulls answers the same 404 page as a pull request the visitor may not see. */
    @Get("/pulls{/rest:.*}")
    public MutableHttpResponse<?> elsewhere(@Nullable String rest) {
        return GitHubPageAccess.notFound();
    }

    @Get("/pulls/{owner}/{repo}/{number}")
    public MutableHttpResponse<?> details(HttpRequest<?> request, String owner, String repo, String number) {
        if (!OWNER.matcher(owner).matches() || !REPO.matcher(repo).matches() || repo.equals(".") || repo.equals("..")
                || !NUMBER.matcher(number).matches() || Long.parseLong(number) > Integer.MAX_VALUE) {
            return GitHubPageAccess.notFound();
        }
        PageAccess.Decision decision = access.repository(request, owner, repo);
        if (decision != PageAccess.Decision.ALLOWED) {
            return access.refuse(request, decision);
        }
        int pr = Integer.parseInt(number);
        String full = owner + "/" + repo;
        try {
            List<DecisionRecord> found = decisions.forPullRequest(full, pr, HISTORY + 1);
            boolean more = found.size() > HISTORY;
            String login = Sessions.of(request, signIn.sealer()).map(Sessions.Session::login).orElse(null);
            String html = DetailsPage.render(new DetailsPage.Details(owner, repo, pr,
                    more ? found.subList(0, HISTORY) : found, overrides.forPullRequest(full, pr), github.getWebUrl(),
                    login, more));
            return HttpResponse.ok(html).contentType(MediaType.TEXT_HTML_TYPE);
        } catch (StoreException e) {
            LOG.error("details page of {}#{}: the store could not be read", full, pr, e);
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_HTML_TYPE)
                    .body(WebPages.message("Try again in a minute", "ai-gate could not read its store just now; "
                            + "the server's log says why."));
        }
    }
}
