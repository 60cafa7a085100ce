package dev.aigate.web.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aigate.github.UserApi;
import dev.aigate.web.PageAccess;
import dev.aigate.web.WebPages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link PageAccess} answered by GitHub with the signed-in user's own token: a repository's pages for those GitHub
 * lets read it ({@code GET /repos/{owner}/{repo}}), an organisation's for its active members
 * ({@code GET /user/memberships/orgs/{org}}; a user account's for that user). Answers are kept five minutes per
 * user, so a user who loses access loses it here within five minutes. When GitHub cannot be asked, the answer is
 * "not found" and is not kept.
 */
@Singleton
public class GitHubPageAccess implements PageAccess {

    public static final Duration CACHE_FOR = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(GitHubPageAccess.class);

    private final SignIn signIn;
    private final Cache<String, Boolean> answers = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_FOR).maximumSize(50_000).build();

    public GitHubPageAccess(SignIn signIn) {
        this.signIn = signIn;
    }

    @Override
    public Decision repository(HttpRequest<?> request, String owner, String repo) {
        return decide(request, "repo:" + owner + "/" + repo, s -> signIn.api().canRead(s.token(), owner, repo));
    }

    @Override
    public Decision organisation(HttpRequest<?> request, String org) {
        return decide(request, "org:" + org, s -> s.login().equalsIgnoreCase(org) || signIn.api().isMember(s.token(), org));
    }

    private interface Ask {
        boolean ask(Sessions.Session session) throws IOException;
    }

    private Decision decide(HttpRequest<?> request, String what, Ask ask) {
        if (signIn.missing().isPresent()) {
            return Decision.SIGN_IN;
        }
        Optional<Sessions.Session> session = Sessions.of(request, signIn.sealer());
        if (session.isEmpty()) {
            return Decision.SIGN_IN;
        }
        String key = session.get().userId() + "|" + session.get().token().hashCode() + "|" + what.toLowerCase(Locale.ROOT);
        Boolean known = answers.getIfPresent(key);
        if (known == null) {
            try {
                known = ask.ask(session.get());
                answers.put(key, known);
            } catch (UserApi.TokenRejectedException e) {
                return Decision.SIGN_IN; // the token expired or was revoked: sign in again
            } catch (IOException e) {
                LOG.warn("could not ask GitHub whether {} may see {}: {}", session.get().login(), what, e.getMessage());
                return Decision.NOT_FOUND;
            }
        }
        return known ? Decision.ALLOWED : Decision.NOT_FOUND;
    }

    @Override
    public MutableHttpResponse<?> refuse(HttpRequest<?> request, Decision decision) {
        if (decision == Decision.ALLOWED) {
            throw new IllegalArgumentException("nothing to refuse: the visitor is allowed");
        }
        if (decision == Decision.NOT_FOUND) {
            return notFound();
        }
        Optional<String> missing = signIn.missing();
        if (missing.isPresent()) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_HTML_TYPE)
                    .body(WebPages.message("Sign-in is not configured", missing.get()));
        }
        String query = request.getUri().getRawQuery();
        String back = request.getUri().getRawPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        return HttpResponse.seeOther(URI.create("/auth/signin?return="
                + URLEncoder.encode(SignInStates.safeReturn(back), StandardCharsets.UTF_8)));
    }

    /** The one 404 page, the same for a page that does not exist and one the visitor may not see. */
    public static MutableHttpResponse<String> notFound() {
        return HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE)
                .body(WebPages.notFound());
    }
}
