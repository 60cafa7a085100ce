package dev.aigate.web.auth;

import dev.aigate.github.UserApi;
import dev.aigate.web.WebPages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * "Sign in with GitHub" through the GitHub App's user authorization (the OAuth web flow): {@code /auth/signin}
 * sends the browser to {@code AIGATE_GITHUB_WEB_URL/login/oauth/authorize} with a single-use {@code state} bound
 * to it by a sealed cookie; GitHub sends it back to {@code /auth/callback} with a code, which becomes the user's
 * token in a sealed session cookie; {@code /auth/logout} clears it. Nothing the browser sends chooses where the
 * server talks to (GitHub's hosts are the operator's settings) or where the browser goes afterwards (a path on
 * this server only).
 */
@Controller("/auth")
@Produces(MediaType.TEXT_HTML)
public class AuthController {

    private static final Logger LOG = LoggerFactory.getLogger(AuthController.class);
    /** GitHub's codes are short hex or alphanumeric strings; anything else is not sent on. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final SignIn signIn;
    private final SignInStates states = new SignInStates();

    public AuthController(SignIn signIn) {
        this.signIn = signIn;
    }

    @Get("/signin")
    public MutableHttpResponse<?> signIn(@Nullable @QueryValue("return") String returnTo) {
        Optional<String> missing = signIn.missing();
        if (missing.isPresent()) {
            return notConfigured(missing.get());
        }
        SealedCookie sealer = signIn.sealer().orElseThrow();
        SignInStates.Started started = states.start(sealer, returnTo);
        String authorize = signIn.api().authorizeUrl(signIn.client().orElseThrow().id(), signIn.redirectUri(),
                started.state());
        return HttpResponse.seeOther(URI.create(authorize)).cookie(
                Sessions.cookie(SignInStates.COOKIE, started.cookieValue(), SignInStates.LIFETIME, signIn.secureCookies()));
    }

    @Get("/callback")
    public MutableHttpResponse<?> callback(HttpRequest<?> request, @Nullable @QueryValue String code,
                                           @Nullable @QueryValue String state, @Nullable @QueryValue String error) {
        Optional<String> missing = signIn.missing();
        if (missing.isPresent()) {
            return notConfigured(missing.get());
        }
        SealedCookie sealer = signIn.sealer().orElseThrow();
        Cookie clearState = Sessions.cleared(SignInStates.COOKIE, signIn.secureCookies());
        String cookie = request.getCookies().findCookie(SignInStates.COOKIE).map(Cookie::getValue).orElse(null);
        Optional<String> back = states.finish(sealer, cookie, state);
        if (back.isEmpty()) {
            return failed(HttpStatus.BAD_REQUEST, "This sign-in link is not valid any more (it works once, within "
                    + "ten minutes, in the browser that started it). Sign in again.").cookie(clearState);
        }
        if (error != null || code == null || !CODE.matcher(code).matches()) {
            return failed(HttpStatus.FORBIDDEN, "GitHub did not sign you in"
                    + ("access_denied".equals(error) ? ": the authorization was cancelled." : ".")
                    + " Sign in again to see the page.").cookie(clearState);
        }
        SignIn.Client client = signIn.client().orElseThrow();
        try {
            String token = signIn.api().accessToken(client.id(), client.secret(), code, signIn.redirectUri());
            UserApi.User user = signIn.api().user(token);
            LOG.info("{} signed in with GitHub", user.login());
            return HttpResponse.seeOther(URI.create(back.get())).cookie(clearState)
                    .cookie(Sessions.cookie(sealer, new Sessions.Session(user.id(), user.login(), token),
                            signIn.secureCookies()));
        } catch (IOException e) {
            LOG.warn("sign-in with GitHub failed: {}", e.getMessage());
            return failed(HttpStatus.BAD_GATEWAY, "GitHub did not confirm the sign-in. Try again in a minute; if it "
                    + "keeps failing, the server's log says what GitHub answered.").cookie(clearState);
        }
    }

    @Get("/logout")
    public MutableHttpResponse<?> logoutPage() {
        return signedOut();
    }

    @Post("/logout")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.ALL})
    public MutableHttpResponse<?> logout() {
        return signedOut();
    }

    private MutableHttpResponse<?> signedOut() {
        return HttpResponse.ok(WebPages.message("Signed out", "You are signed out of ai-gate. (Your GitHub session "
                        + "is unchanged: sign out on GitHub too on a shared computer.)"))
                .contentType(MediaType.TEXT_HTML_TYPE)
                .cookie(Sessions.cleared(Sessions.COOKIE, signIn.secureCookies()))
                .cookie(Sessions.cleared(SignInStates.COOKIE, signIn.secureCookies()));
    }

    private static MutableHttpResponse<String> notConfigured(String why) {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_HTML_TYPE)
                .body(WebPages.message("Sign-in is not configured", why));
    }

    private static MutableHttpResponse<String> failed(HttpStatus status, String why) {
        return HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE)
                .body(WebPages.message("Sign-in failed", why));
    }
}
