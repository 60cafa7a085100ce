package dev.aigate.setup;

import io.micronaut.context.annotation.Value;
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
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One-click registration (GitHub App manifest flow). While no credentials are configured, {@code /} leads to
 * {@code /setup}, which posts the {@link AppManifest} to GitHub; GitHub sends the browser back to
 * {@code /setup/callback} with a one-time code, which becomes the App's id, key and webhook secret. Once the
 * server has credentials, every {@code /setup} page answers 403.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
public class SetupController {

    static final String STATE_COOKIE = "aigate_setup";
    private static final Logger LOG = LoggerFactory.getLogger(SetupController.class);
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final String GITHUB_API = "https://api.github.com";

    private final LayeredCredentialsProvider credentials;
    private final ManifestConversion conversion;
    private final SetupStates states;
    private final String publicUrl;

    public SetupController(LayeredCredentialsProvider credentials, @Value("${aigate.public-url:}") String publicUrl) {
        this.credentials = credentials;
        this.conversion = new ManifestConversion();
        this.states = new SetupStates(Clock.systemUTC());
        this.publicUrl = stripSlash(publicUrl == null ? "" : publicUrl.strip());
    }

    @Get
    public HttpResponse<String> home() {
        if (credentials.current().isEmpty()) {
            return HttpResponse.seeOther(URI.create("/setup"));
        }
        String app = credentials.current().get().appId();
        String install = credentials.registered().map(RegisteredApp::installUrl).orElse("");
        return HttpResponse.ok(SetupPages.page("ai-gate is running",
                "<p>GitHub App id <code>" + SetupPages.escape(app) + "</code> is configured.</p>"
                        + (install.isEmpty() ? "" : "<p><a href=\"" + SetupPages.escape(install)
                        + "\">Install the App on more accounts</a></p>")
                        + "<p>Health: <a href=\"/health\">/health</a> · Metrics: <a href=\"/prometheus\">/prometheus</a></p>"));
    }

    @Get("/setup")
    public HttpResponse<String> form() {
        if (configured()) {
            return gone();
        }
        return HttpResponse.ok(SetupPages.form(publicUrl, defaultGhesUrl(), credentials.missing()));
    }

    @Post("/setup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<String> start(@Nullable String accountType, @Nullable String organization,
                                      @Nullable String enterpriseUrl, @Nullable String appName) {
        if (configured()) {
            return gone();
        }
        if (publicUrl.isEmpty()) {
            return error(HttpStatus.CONFLICT, "AIGATE_PUBLIC_URL is not set. GitHub must reach the webhook at "
                    + "AIGATE_PUBLIC_URL" + AppManifest.WEBHOOK_PATH + ": set it to this server's public address "
                    + "(or a tunnel to it), restart, and open /setup again.");
        }
        boolean org = "organization".equals(accountType);
        String owner = organization == null ? "" : organization.strip();
        if (org && !ACCOUNT.matcher(owner).matches()) {
            return error(HttpStatus.BAD_REQUEST, "Enter the organisation's login name, e.g. acme "
                    + "(letters, digits and hyphens, at most 39).");
        }
        String web;
        String api;
        String ghes = enterpriseUrl == null ? "" : stripSlash(enterpriseUrl.strip());
        if (!ghes.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(ghes);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return error(HttpStatus.BAD_REQUEST, "The GitHub Enterprise Server URL must look like "
                        + "https://github.example.com.");
            }
            web = ghes;
            api = ghes + "/api/v3";
        } else {
            api = stripSlash(credentials.settings().getApiUrl());
            web = webUrlFor(api);
        }
        String name = appName == null || appName.isBlank() ? AppManifest.defaultName(org ? owner : "")
                : appName.strip();
        if (name.length() > AppManifest.MAX_NAME_LENGTH) {
            return error(HttpStatus.BAD_REQUEST, "GitHub App names have at most 34 characters.");
        }
        String state;
        try {
            state = states.start(api);
        } catch (IllegalStateException e) {
            return error(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        }
        String action = web + (org ? "/organizations/" + owner : "") + "/settings/apps/new?state=" + state;
        String manifest = AppManifest.toJson(AppManifest.forServer(publicUrl, name));
        MutableHttpResponse<String> response = HttpResponse.ok(SetupPages.redirectToGitHub(action, manifest));
        return response.cookie(Cookie.of(STATE_COOKIE, state).httpOnly(true).sameSite(SameSite.Lax)
                .path("/setup").maxAge(SetupStates.VALIDITY).secure(publicUrl.startsWith("https:")));
    }

    @Get("/setup/callback")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> callback(HttpRequest<?> request, @QueryValue @Nullable String code,
                                         @QueryValue @Nullable String state) {
        if (configured()) {
            return gone();
        }
        if (state == null || state.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "The request has no state parameter, so it cannot be matched to a "
                    + "registration started here. Start again at /setup.");
        }
        Optional<String> cookie = request.getCookies().findCookie(STATE_COOKIE).map(Cookie::getValue);
        if (cookie.isEmpty() || !cookie.get().equals(state)) {
            return error(HttpStatus.BAD_REQUEST, "This registration was not started in this browser (its state "
                    + "does not match). Start again at /setup.");
        }
        Optional<SetupStates.Pending> pending = states.consume(state);
        if (pending.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "This registration is unknown, was already completed, or started "
                    + "more than an hour ago. Start again at /setup.");
        }
        RegisteredApp app;
        try {
            app = conversion.exchange(pending.get().apiUrl(), code);
        } catch (ManifestConversion.ConversionException e) {
            LOG.warn("App registration failed: {}", e.getMessage());
            return error(HttpStatus.BAD_GATEWAY, e.getMessage());
        }
        credentials.store(app);
        String apiNote = stripSlash(credentials.settings().getApiUrl()).equals(app.apiUrl()) ? ""
                : "<p><strong>This App lives on " + SetupPages.escape(app.apiUrl()) + ":</strong> restart the "
                + "server to talk to that API (or set <code>AIGATE_GITHUB_API_URL=" + SetupPages.escape(app.apiUrl())
                + "</code>).</p>";
        return HttpResponse.<String>ok(SetupPages.page("GitHub App registered",
                        "<p>The App <code>" + SetupPages.escape(app.slug()) + "</code> (id "
                                + SetupPages.escape(app.appId()) + ") is registered and ai-gate uses it now. "
                                + "Its key and webhook secret are stored in <code>"
                                + SetupPages.escape(credentials.storedFile().toString()) + "</code> (mode 0600): "
                                + "back that file up like a password.</p>" + apiNote
                                + "<p><a class=\"button\" href=\"" + SetupPages.escape(app.installUrl())
                                + "\">Install the App on your repositories</a></p>"))
                .cookie(Cookie.of(STATE_COOKIE, "").path("/setup").maxAge(0));
    }

    private boolean configured() {
        return credentials.current().isPresent();
    }

    private static HttpResponse<String> gone() {
        return HttpResponse.<String>status(HttpStatus.FORBIDDEN).body(SetupPages.page("Setup is closed",
                "<p>ai-gate already has GitHub App credentials, so registration is closed. To register a new App, "
                        + "remove the stored credentials (see docs/install.md) and restart.</p>"));
    }

    private static HttpResponse<String> error(HttpStatus status, String message) {
        return HttpResponse.<String>status(status).body(SetupPages.page("Registration failed",
                "<p class=\"error\">" + SetupPages.escape(message) + "</p><p><a href=\"/setup\">Back to setup</a></p>"));
    }

    private String defaultGhesUrl() {
        String api = stripSlash(credentials.settings().getApiUrl());
        return api.endsWith("/api/v3") ? api.substring(0, api.length() - "/api/v3".length()) : "";
    }

    /** github.com's web pages for its API; a GitHub Enterprise Server serves both from one host. */
    static String webUrlFor(String api) {
        if (GITHUB_API.equals(api)) {
            return "https://github.com";
        }
        return api.endsWith("/api/v3") ? api.substring(0, api.length() - "/api/v3".length()) : api;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
