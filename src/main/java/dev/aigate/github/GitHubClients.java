package dev.aigate.github;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aigate.metrics.GateMetrics;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import okhttp3.Authenticator;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The GitHub adapter's entry: hands out {@link InstallationApi}s that act as the App itself ({@link #app()},
 * its JWT), as one installation ({@link #api(long)}, an installation token, cached and renewed on 401) or with
 * a fixed token ({@link #withToken(String)}). hub4j does what it does well here, signing the App's JWT;
 * every request, reads and writes alike (check runs too, see {@link CheckRunPublisher}), goes through the one
 * OkHttp client below, so the cache, the same-origin guard, the timeouts and the metrics apply to all of them.
 *
 * <p>All clients share one OkHttp connection pool and one HTTP cache under
 * {@code AIGATE_DATA_DIR/http-cache}, so a re-read of unchanged data is a conditional request that
 * GitHub answers with 304 (which does not count against the rate limit). Every request must go to
 * the host of {@code AIGATE_GITHUB_API_URL} and under its path ({@code /api/v3} on GitHub Enterprise
 * Server): a pagination {@code Link} or redirect anywhere else is refused.
 * No call takes longer than {@code AIGATE_GITHUB_CALL_TIMEOUT}; one that does fails with an
 * {@link java.io.InterruptedIOException}, which {@link GitHubFailures} defers like any GitHub failure.
 */
@Singleton
public class GitHubClients {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubClients.class);
    private static final long HTTP_CACHE_BYTES = 50L * 1024 * 1024;

    private final String apiUrl;
    private final HttpUrl apiBase;
    private final CredentialsProvider credentials;
    private final GateMetrics metrics;
    private final OkHttpClient http;
    private final Cache<Long, OkHttpClient> installationHttp = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterAccess(Duration.ofHours(1)).build();
    /** Each installation's request slots ({@link InstallationApi#MAX_CONCURRENT_REQUESTS}), shared by its APIs. */
    private final Cache<Long, java.util.concurrent.Semaphore> installationSlots = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();
    private volatile AppIdentity identity;

    /** The JWT provider and token cache for one set of credentials; replaced when they change. */
    private record AppIdentity(AppCredentials credentials, JWTTokenProvider jwt, InstallationTokens tokens) {
    }

    public GitHubClients(GitHubSettings settings, CredentialsProvider credentials, GateMetrics metrics,
                         @Value("${aigate.data-dir:./data}") String dataDir) {
        this.apiUrl = trimSlash(settings.getApiUrl());
        this.apiBase = HttpUrl.get(apiUrl + "/");
        this.credentials = credentials;
        this.metrics = metrics;
        this.http = new OkHttpClient.Builder()
                .cache(httpCache(dataDir))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                // The read timeout is per read: a response that drips a byte now and then would hold a
                // worker for ever. The call timeout bounds the whole call, connect to last byte; every client
                // below (the installation clients) derives from this one and keeps it.
                .callTimeout(settings.getCallTimeout())
                .followRedirects(true)
                // A network interceptor: it sees every request sent, each redirect included. (An application
                // interceptor sees only the first; OkHttp then follows a redirect to the same host with the
                // Authorization header still on it.)
                .addNetworkInterceptor(this::refuseOtherHosts)
                .addInterceptor(this::countResponses)
                .build();
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** {@code Bearer <jwt>} for App-level endpoints ({@code /app/...}). */
    private String appAuthorization() throws IOException {
        return identity().jwt().getEncodedAuthorization();
    }

    /** This App's numeric id, or 0 when the credentials are not configured or not numeric. */
    public long appId() {
        return credentials.numericAppId();
    }

    /** Reads and writes as one installation. The token behind it is cached and renews itself. */
    public InstallationApi api(long installationId) throws IOException {
        identity(); // fail early, with the message naming what is missing
        return new InstallationApi(installationHttp(installationId), apiUrl,
                () -> "token " + identity().tokens().get(installationId),
                installationSlots.get(installationId, id -> InstallationApi.slots()));
    }

    /** Reads and writes as the App itself ({@code /app/...}, {@code /repos/{owner}/{repo}/installation}). */
    public InstallationApi app() throws IOException {
        identity();
        return new InstallationApi(http, apiUrl, this::appAuthorization);
    }

    /**
     * Calls without credentials, for the one request made before the App exists: exchanging the registration
     * code of the manifest flow ({@code POST /app-manifests/{code}/conversions}). Same client as every other call:
     * its timeouts, the same-origin rule and GitHub's error mapping.
     */
    public InstallationApi anonymous() {
        return new InstallationApi(http, apiUrl, () -> null);
    }

    /**
     * Reads and writes with a fixed token ({@code GITHUB_TOKEN} for a dry run, the Actions job's token). No
     * App credentials are needed; a 401 is not retried with another token.
     */
    public InstallationApi withToken(String token) {
        return new InstallationApi(http, apiUrl, () -> "token " + token);
    }

    private OkHttpClient installationHttp(long installationId) {
        return installationHttp.get(installationId, id -> http.newBuilder()
                .addInterceptor(chain -> recordRateLimit(id, chain))
                .authenticator(renewTokenOn401(id))
                .build());
    }

    private AppIdentity identity() throws IOException {
        AppCredentials now = credentials.current().orElseThrow(() -> new IOException(
                "GitHub App credentials are not configured: set " + String.join(", ", credentials.missing())));
        AppIdentity current = identity;
        if (current != null && current.credentials().equals(now)) {
            return current;
        }
        synchronized (this) {
            if (identity == null || !identity.credentials().equals(now)) {
                JWTTokenProvider jwt = new JWTTokenProvider(now.appId(), PrivateKeys.parse(now.privateKeyPem()));
                identity = new AppIdentity(now, jwt, new InstallationTokens(http, apiUrl, () -> {
                    try {
                        return jwt.getEncodedAuthorization();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            return identity;
        }
    }

    private Authenticator renewTokenOn401(long installationId) {
        return (route, response) -> {
            String sent = response.request().header("Authorization");
            if (sent == null || !sent.startsWith("token ") || response.priorResponse() != null) {
                return null; // not ours, or already retried once: give up and let the caller see the 401
            }
            AppIdentity id = identity();
            id.tokens().invalidate(installationId);
            LOG.info("GitHub rejected the token of installation {}; minting a new one", installationId);
            return response.request().newBuilder()
                    .header("Authorization", "token " + id.tokens().get(installationId))
                    .build();
        };
    }

    /** Every request, a redirect or a followed page included, keeps {@link Pagination}'s same-origin rule. */
    private Response refuseOtherHosts(Interceptor.Chain chain) throws IOException {
        HttpUrl url = chain.request().url();
        if (Pagination.sameOrigin(url, apiBase)) {
            return chain.proceed(chain.request());
        }
        if (!url.host().equalsIgnoreCase(apiBase.host()) || url.port() != apiBase.port()
                || !url.scheme().equals(apiBase.scheme())) {
            throw new IOException("refusing a request to " + url.scheme() + "://" + url.host() + ":" + url.port()
                    + ": only " + apiBase.scheme() + "://" + apiBase.host() + ":" + apiBase.port()
                    + " (AIGATE_GITHUB_API_URL) is called");
        }
        // On GitHub Enterprise Server the API is https://HOST/api/v3 and the web UI is the rest of the same host:
        // a Link or redirect out of the API's path would hand the token to a page that is not the API.
        throw new IOException("refusing a request to " + url.scheme() + "://" + url.host() + ":" + url.port()
                + url.encodedPath() + ": outside the API path " + apiBase.encodedPath() + " (AIGATE_GITHUB_API_URL)");
    }

    private Response countResponses(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        boolean revalidated = response.cacheResponse() != null && response.networkResponse() != null
                && response.networkResponse().code() == 304;
        metrics.githubResponse(revalidated ? 304 : response.code(), revalidated);
        return response;
    }

    private Response recordRateLimit(long installationId, Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String remaining = response.header("X-RateLimit-Remaining");
        if (remaining != null && remaining.chars().allMatch(Character::isDigit) && !remaining.isEmpty()) {
            metrics.rateLimitRemaining(installationId, Long.parseLong(remaining));
        }
        return response;
    }

    private static okhttp3.Cache httpCache(String dataDir) {
        Path dir = Path.of(Objects.requireNonNullElse(dataDir, "./data"), "http-cache");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the HTTP cache directory " + dir
                    + " (set AIGATE_DATA_DIR to a writable directory)", e);
        }
        return new okhttp3.Cache(new File(dir.toString()), HTTP_CACHE_BYTES);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @PreDestroy
    public void close() throws IOException {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        if (http.cache() != null) {
            http.cache().close();
        }
    }
}
