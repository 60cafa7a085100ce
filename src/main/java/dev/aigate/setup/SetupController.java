package dev.aigate.setup;

import dev.aigate.github.GitHubClients;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One-click registration (GitHub App manifest flow). While no credentials are configured, {@code /} (the dashboard's home) leads to
 * {@code /setup}, which asks for the {@link SetupCode} from the server's log and then posts the
 * {@link AppManifest} to the GitHub the operator configured ({@code AIGATE_GITHUB_WEB_URL}); GitHub sends the
 * browser back to {@code /setup/callback} with a one-time code, which becomes the App's id, key and webhook
 * secret. The {@code state} of the round trip is single use, bound to the browser by a cookie that also proves
 * the setup code, checked again before anything is stored. Once the server has credentials, every
 * {@code /setup} page answers 403.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
public class SetupController {

    static final String STATE_COOKIE = "aigate_setup";
    private static final Logger LOG = LoggerFactory.getLogger(SetupController.class);
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

    private final LayeredCredentialsProvider credentials;
    private final ManifestConversion conversion;
    private final SetupStates states;
    private final SetupCode setupCode;
    private final String publicUrl;
    private final WrongCodes wrongCodes = new WrongCodes();

    public SetupController(LayeredCredentialsProvider credentials, SetupCode setupCode, GitHubClients clients,
                           @Value("${aigate.public-url:}") String publicUrl) {
        this.credentials = credentials;
        this.setupCode = setupCode;
        this.conversion = new ManifestConversion(clients);
        this.states = new SetupStates(Clock.systemUTC());
        this.publicUrl = stripSlash(publicUrl == null ? "" : publicUrl.strip());
    }

    /**
     * What the home page ({@code GET /}, now served by the dashboard) says about the App once it is configured: its
     * id, where to install it on more accounts, health and metrics. Empty while no App is configured: the home page
     * then leads to {@code /setup}.
     */
    public Optional<String> runningNotice() {
        if (credentials.current().isEmpty()) {
            return Optional.empty();
        }
        String app = credentials.current().get().appId();
        Optional<String> install = credentials.registered()
                .flatMap(r -> SetupPages.safeLink(r.installUrl(), webUrl()));
        return Optional.of("<p>GitHub App id <code>" + SetupPages.escape(app) + "</code> is configured.</p>"
                + install.map(url -> "<p><a href=\"" + SetupPages.escape(url)
                + "\">Install the App on more accounts</a></p>").orElse("")
                + "<p>Health: <a href=\"/health\">/health</a> · Metrics: <a href=\"/prometheus\">/prometheus</a></p>");
    }

    @Get("/setup")
    public HttpResponse<String> form() {
        if (configured()) {
            return gone();
        }
        return HttpResponse.ok(SetupPages.form(publicUrl, webUrl(), credentials.missingSettings()));
    }

    @Post("/setup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<String> start(HttpRequest<?> request, @Nullable String setupCode,
                                      @Nullable String accountType, @Nullable String organization,
                                      @Nullable String enterpriseUrl, @Nullable String appName) {
        if (configured()) {
            return gone();
        }
        if (!this.setupCode.matches(setupCode)) {
            wrongCodes.record(request);
            return error(HttpStatus.FORBIDDEN, "That is not the setup code. The server prints it in its log at "
                    + "start (look for \"setup code\") and keeps it in AIGATE_DATA_DIR/" + SetupCode.FILE_NAME + ".");
        }
        if (enterpriseUrl != null && !enterpriseUrl.isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "The GitHub host is not chosen on this page: set "
                    + "AIGATE_GITHUB_WEB_URL and AIGATE_GITHUB_API_URL, restart, and open /setup again.");
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
        String name = appName == null || appName.isBlank() ? AppManifest.defaultName(org ? owner : "")
                : appName.strip();
        if (name.length() > AppManifest.MAX_NAME_LENGTH) {
            return error(HttpStatus.BAD_REQUEST, "GitHub App names have at most 34 characters.");
        }
        String state = states.start(apiUrl());
        String action = webUrl() + (org ? "/organizations/" + owner : "") + "/settings/apps/new?state=" + state;
        String manifest = AppManifest.toJson(AppManifest.forServer(publicUrl, name));
        MutableHttpResponse<String> response = HttpResponse.ok(SetupPages.redirectToGitHub(action, manifest));
        return response.cookie(Cookie.of(STATE_COOKIE, state + "." + this.setupCode.proof(state)).httpOnly(true)
                .sameSite(SameSite.Lax).path("/setup").maxAge(SetupStates.VALIDITY)
                .secure(publicUrl.startsWith("https:")));
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
        String cookie = request.getCookies().findCookie(STATE_COOKIE).map(Cookie::getValue).orElse("");
        int dot = cookie.indexOf('.');
        String cookieState = dot < 0 ? cookie : cookie.substring(0, dot);
        String proof = dot < 0 ? "" : cookie.substring(dot + 1);
        if (!MessageDigest.isEqual(cookieState.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))
                || !setupCode.verifies(state, proof)) {
            return error(HttpStatus.BAD_REQUEST, "This registration was not started in this browser with the "
                    + "current setup code (its state does not match). Start again at /setup.");
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
            LOG.warn("App registration failed: {}", e.detail());
            return error(HttpStatus.BAD_GATEWAY, e.getMessage());
        }
        synchronized (this) {
            // the code is checked once more: a registration that finished meanwhile voided it
            if (configured() || !setupCode.verifies(state, proof)) {
                LOG.warn("App registration {} finished after another one; it is not stored", app.slug());
                return gone();
            }
            credentials.store(app);
            setupCode.discard();
        }
        Optional<String> install = SetupPages.safeLink(app.installUrl(), webUrl());
        if (install.isEmpty()) {
            LOG.warn("GitHub's answer named an App page outside {}; it is not shown as a link", webUrl());
        }
        return HttpResponse.<String>ok(SetupPages.page("GitHub App registered",
                        "<p>The App <code>" + SetupPages.escape(app.slug()) + "</code> (id "
                                + SetupPages.escape(app.appId()) + ") is registered and ai-gate uses it now. "
                                + "Its key and webhook secret are stored in <code>"
                                + SetupPages.escape(credentials.storedFile().toString()) + "</code> (mode 0600): "
                                + "back that file up like a password.</p>"
                                + install.map(url -> "<p><a class=\"button\" href=\"" + SetupPages.escape(url)
                                + "\">Install the App on your repositories</a></p>")
                                .orElse("<p>Install the App from its page on GitHub (Install App).</p>")))
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

    private String webUrl() {
        return credentials.settings().getWebUrl();
    }

    private String apiUrl() {
        return stripSlash(credentials.settings().getApiUrl());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
