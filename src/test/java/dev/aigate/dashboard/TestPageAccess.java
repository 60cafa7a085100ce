package dev.aigate.dashboard;

import dev.aigate.web.PageAccess;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sign-in for the dashboard's tests, standing in for GitHub's: the cookie {@code test_viewer} names who is signed
 * in (none: not signed in); {@code aigate.test.page-access.members} lists {@code login:org} pairs GitHub would
 * confirm. Active only when a test sets {@code aigate.test.page-access=cookie}.
 */
@Singleton
@Replaces(PageAccess.class)
@Requires(property = "aigate.test.page-access", value = "cookie")
public class TestPageAccess implements PageAccess {

    static final String COOKIE = "test_viewer";
    static final String SIGN_IN = "/auth/sign-in";

    private final Set<String> members;

    public TestPageAccess(@Property(name = "aigate.test.page-access.members") String members) {
        this.members = Arrays.stream(members.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    @Override
    public Decision repository(HttpRequest<?> request, String owner, String repo) {
        return organisation(request, owner);
    }

    @Override
    public Decision organisation(HttpRequest<?> request, String org) {
        String viewer = request.getCookies().findCookie(COOKIE).map(Cookie::getValue).orElse(null);
        if (viewer == null || viewer.isBlank()) {
            return Decision.SIGN_IN;
        }
        return members.contains((viewer + ":" + org).toLowerCase(Locale.ROOT)) ? Decision.ALLOWED : Decision.NOT_FOUND;
    }

    @Override
    public MutableHttpResponse<?> refuse(HttpRequest<?> request, Decision decision) {
        if (decision == Decision.SIGN_IN) {
            return HttpResponse.seeOther(URI.create(SIGN_IN));
        }
        return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE).body("<p>Not found</p>");
    }
}
