package dev.aigate.dashboard;

import dev.aigate.setup.SetupController;
import dev.aigate.web.PageAccess;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The organisation dashboard (docs/dashboard.md): {@code GET /} and {@code GET /orgs/{org}}. Every request asks
 * {@link PageAccess} first; without an implementation of it nothing but the App's own state is shown.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class DashboardController {

    private static final Pattern ORG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    private static final int MAX_ORGS = 200;

    private final SetupController setup;
    private final DashboardQueries queries;
    private final Optional<PageAccess> access;
    private final Clock clock;

    public DashboardController(SetupController setup, DashboardQueries queries, Optional<PageAccess> access) {
        this.setup = setup;
        this.queries = queries;
        this.access = access;
        this.clock = Clock.systemUTC();
    }

    /**
     * While no App is configured, the way to {@code /setup}, exactly as before. Then: the one organisation this
     * visitor may see opens directly; several are listed; none shows the App's state and, for a visitor not signed
     * in, the way to sign in. Only organisations ai-gate has evaluated a repository of are candidates, and only
     * those {@link PageAccess} allows are named.
     */
    @Get
    @Produces(MediaType.TEXT_HTML)
    public HttpResponse<String> home(HttpRequest<?> request) {
        Optional<String> running = setup.runningNotice();
        if (running.isEmpty()) {
            return HttpResponse.seeOther(URI.create("/setup"));
        }
        List<String> allowed = new ArrayList<>();
        boolean signIn = false;
        if (access.isPresent()) {
            for (String owner : queries.owners(MAX_ORGS)) {
                PageAccess.Decision decision = access.get().organisation(request, owner);
                if (decision == PageAccess.Decision.ALLOWED) {
                    allowed.add(owner);
                }
                signIn |= decision == PageAccess.Decision.SIGN_IN;
            }
        }
        if (allowed.size() == 1) {
            return harden(HttpResponse.seeOther(URI.create("/orgs/" + DashboardTables.enc(allowed.get(0)))));
        }
        String signInUrl = null;
        if (allowed.isEmpty() && signIn) {
            MutableHttpResponse<?> refusal = access.get().refuse(request, PageAccess.Decision.SIGN_IN);
            signInUrl = refusal.getHeaders().get(HttpHeaders.LOCATION);
            if (signInUrl != null && !signInUrl.startsWith("/")) {
                signInUrl = null; // only ai-gate's own sign-in route becomes a link
            }
        }
        return harden(HttpResponse.ok(DashboardPage.home(allowed, running.get(), signInUrl)));
    }

    @Get("/orgs/{org}")
    public HttpResponse<?> organisation(HttpRequest<?> request, @PathVariable String org, @Nullable @QueryValue String days,
                                        @Nullable @QueryValue String repo, @Nullable @QueryValue String format,
                                        @Nullable @QueryValue String table) {
        if (!ORG.matcher(org).matches()) {
            return harden(HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE)
                    .body(DashboardPage.page("Not found", "<p>No such organisation.</p>")));
        }
        PageAccess.Decision decision = access.map(a -> a.organisation(request, org)).orElse(PageAccess.Decision.NOT_FOUND);
        if (decision != PageAccess.Decision.ALLOWED) {
            if (access.isEmpty()) {
                return harden(HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE)
                        .body(DashboardPage.page("Not found", "<p>This server has no sign-in, so it shows no dashboard.</p>")));
            }
            return harden(access.get().refuse(request, decision));
        }
        String owner = org.toLowerCase(Locale.ROOT);
        int window = window(days);
        String onlyRepo = null;
        if (repo != null && !repo.isBlank()) {
            onlyRepo = queries.knownRepositories(owner).stream().filter(r -> r.equalsIgnoreCase(repo)).findFirst().orElse(null);
            if (onlyRepo == null) {
                return harden(HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE)
                        .body(DashboardPage.page("Not found", "<p>ai-gate has evaluated no repository of that name here.</p>")));
            }
        }
        Instant now = clock.instant();
        DashboardData data = queries.read(window(owner, window, onlyRepo, now));
        List<Table> tables = DashboardTables.all(data, now);
        if ("csv".equalsIgnoreCase(format)) {
            String name = owner + "-" + window + "d" + (table == null ? "" : "-" + table);
            String body;
            if (table == null || table.isBlank()) {
                body = Csv.all(tables);
            } else {
                Optional<Table> one = tables.stream().filter(t -> t.id().equals(table)).findFirst();
                if (one.isEmpty()) {
                    return harden(HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN_TYPE)
                            .body("no table " + table + "; the tables are " + String.join(", ",
                                    tables.stream().map(Table::id).toList()) + "\n"));
                }
                body = Csv.table(one.get());
            }
            return harden(HttpResponse.ok(body).contentType(new MediaType("text/csv; charset=utf-8"))
                    .header("Content-Disposition", "attachment; filename=\"ai-gate-" + name.replaceAll("[^a-z0-9-]", "") + ".csv\""));
        }
        return harden(HttpResponse.ok(DashboardPage.dashboard(data, tables, now, org)).contentType(MediaType.TEXT_HTML_TYPE));
    }

    /** 7, 30 or 90 days; anything else is the default, 30. */
    static int window(String days) {
        try {
            int d = days == null ? 30 : Integer.parseInt(days.strip());
            return DashboardPage.WINDOWS.contains(d) ? d : 30;
        } catch (NumberFormatException e) {
            return 30;
        }
    }

    /**
     * The window ends now and starts at midnight UTC {@code days - 1} days ago, so the first bucket is a whole day;
     * buckets are days, or weeks for 90 days.
     */
    static DashboardData.Window window(String owner, int days, String repo, Instant now) {
        Instant since = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
        long bucket = (days > 30 ? Duration.ofDays(7) : Duration.ofDays(1)).toMillis();
        return new DashboardData.Window(owner, since, now, bucket, days, repo);
    }

    private static <T> MutableHttpResponse<T> harden(MutableHttpResponse<T> response) {
        return response.header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "same-origin");
    }
}
