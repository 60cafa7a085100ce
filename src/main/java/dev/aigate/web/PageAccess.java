package dev.aigate.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;

/**
 * Who may see a page: the seam between the pages (details, dashboard) and the sign-in that answers for them.
 * Private repository data never reaches a visitor GitHub has not vouched for: an anonymous visitor is asked to
 * sign in, a signed-in user GitHub says cannot read the repository (or is not a member of the organisation)
 * gets a 404, as if the page did not exist.
 */
public interface PageAccess {

    /** What a visitor may do with one page. */
    enum Decision {
        /** GitHub says this visitor may read it. */
        ALLOWED,
        /** Nobody is signed in: sign in first, then come back. */
        SIGN_IN,
        /** Signed in, but GitHub does not let them read it: answer as if it did not exist. */
        NOT_FOUND
    }

    /** May the visitor of {@code request} see pages about the repository {@code owner/repo}? */
    Decision repository(HttpRequest<?> request, String owner, String repo);

    /** May the visitor of {@code request} see the dashboard of the organisation (or user account) {@code org}? */
    Decision organisation(HttpRequest<?> request, String org);

    /** The answer for a decision other than {@link Decision#ALLOWED}: a redirect to sign in, or a 404 page. */
    MutableHttpResponse<?> refuse(HttpRequest<?> request, Decision decision);
}
