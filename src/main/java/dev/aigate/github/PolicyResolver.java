package dev.aigate.github;

import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.RepoRef;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Finds the policy that governs a pull request, in this order:
 * <ol>
 *   <li>{@code .github/ai-gate.yml} on the pull request's <b>base</b> branch (never its head, so a
 *       pull request cannot rewrite its own gate);</li>
 *   <li>{@code ai-gate.yml} at the root of the organisation's {@code .github} repository;</li>
 *   <li>the server default: the file named by {@code AIGATE_DEFAULT_POLICY}, or the shipped
 *       {@code policies/default.yml}; {@code AIGATE_DEFAULT_POLICY=none} turns it off.</li>
 * </ol>
 * A file that is absent moves on to the next place. Any other failure (5xx, timeout) is thrown,
 * never mistaken for "no policy".
 */
@Singleton
public class PolicyResolver {

    public static final String REPO_POLICY_PATH = ".github/ai-gate.yml";
    public static final String ORG_POLICY_REPO = ".github";
    public static final String ORG_POLICY_PATH = "ai-gate.yml";
    /** The organisation's extra signal catalogue, at the root of its {@code .github} repository. */
    public static final String ORG_SIGNALS_PATH = "ai-gate-signals.yml";
    static final String SHIPPED_DEFAULT = "/policies/default.yml";
    /**
     * Where the check run says the server default came from. Never its path on the server: that is the
     * operator's business, and logged at start-up.
     */
    public static final String SERVER_DEFAULT_LOCATION = "server default policy";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyResolver.class);

    private final Optional<PolicyFile> serverDefault;
    /** Repository and base branch whose last resolution chose the organisation's policy. */
    private final Cache<String, Boolean> governedByOrg = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

    public PolicyResolver(@Value("${aigate.default-policy:}") String defaultPolicy) {
        this.serverDefault = loadServerDefault(defaultPolicy == null ? "" : defaultPolicy.strip());
    }

    public Optional<PolicyFile> serverDefault() {
        return serverDefault;
    }

    public Optional<PolicyFile> resolve(InstallationApi api, RepoRef repo, String baseRef) throws IOException {
        return Reads.join(start(api, repo, baseRef));
    }

    /**
     * Starts resolving: the repository's file is read at once and the organisation's after it is found absent,
     * or beside it when the organisation's governed this repository and base branch last time (this replica
     * remembers that), so the fallback costs no round trip of its own where it is in use, and no read where it is
     * not. What is chosen is always from this resolution's answers; the memory only says what to ask for early.
     */
    public CompletableFuture<Optional<PolicyFile>> start(InstallationApi api, RepoRef repo, String baseRef) {
        String remembered = repo.fullName() + "\n" + baseRef;
        boolean hasOrg = !repo.name().equals(ORG_POLICY_REPO);
        String orgRepo = repo.owner() + "/" + ORG_POLICY_REPO;
        CompletableFuture<Optional<String>> repoText = Reads.async(() -> api.fileText(repo.fullName(), REPO_POLICY_PATH, baseRef));
        CompletableFuture<Optional<String>> early = hasOrg && governedByOrg.getIfPresent(remembered) != null
                ? Reads.async(() -> api.fileText(orgRepo, ORG_POLICY_PATH, null)) : null;
        return repoText.thenCompose(text -> {
            if (text.isPresent()) {
                governedByOrg.invalidate(remembered);
                return CompletableFuture.completedFuture(Optional.of(new PolicyFile(PolicyFile.Origin.REPOSITORY,
                        repo.fullName() + ":" + REPO_POLICY_PATH + "@" + baseRef, REPO_POLICY_PATH, text.get())));
            }
            if (!hasOrg) {
                return CompletableFuture.completedFuture(serverDefault);
            }
            CompletableFuture<Optional<String>> org = early != null ? early
                    : Reads.async(() -> api.fileText(orgRepo, ORG_POLICY_PATH, null));
            return org.thenApply(o -> {
                if (o.isEmpty()) {
                    governedByOrg.invalidate(remembered);
                    return serverDefault;
                }
                governedByOrg.put(remembered, Boolean.TRUE);
                return Optional.of(new PolicyFile(PolicyFile.Origin.ORGANIZATION, orgRepo + ":" + ORG_POLICY_PATH,
                        ORG_POLICY_PATH, o.get()));
            });
        });
    }

    /**
     * The organisation's extra signal catalogue: {@code ai-gate-signals.yml} at the root of its
     * {@code .github} repository, on that repository's default branch. Only there: never a pull
     * request's head, never another repository. Empty when absent; other failures are thrown.
     */
    public Optional<PolicyFile> orgSignals(InstallationApi api, RepoRef repo) throws IOException {
        String orgRepo = repo.owner() + "/" + ORG_POLICY_REPO;
        return api.fileText(orgRepo, ORG_SIGNALS_PATH, null).map(text -> new PolicyFile(PolicyFile.Origin.ORGANIZATION,
                orgRepo + ":" + ORG_SIGNALS_PATH, ORG_SIGNALS_PATH, text));
    }

    private static Optional<PolicyFile> loadServerDefault(String setting) {
        if (setting.equalsIgnoreCase("none")) {
            LOG.info("AIGATE_DEFAULT_POLICY=none: repositories without a policy get a neutral check");
            return Optional.empty();
        }
        if (!setting.isEmpty()) {
            Path path = Path.of(setting);
            try {
                PolicyFile file = new PolicyFile(PolicyFile.Origin.SERVER_DEFAULT, SERVER_DEFAULT_LOCATION,
                        path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
                LOG.info("the server default policy is {} (AIGATE_DEFAULT_POLICY)", path);
                return Optional.of(file);
            } catch (IOException e) {
                throw new UncheckedIOException("AIGATE_DEFAULT_POLICY=" + setting + " cannot be read", e);
            }
        }
        try (InputStream in = PolicyResolver.class.getResourceAsStream(SHIPPED_DEFAULT)) {
            if (in == null) {
                LOG.warn("the shipped default policy {} is missing from the jar; repositories without a policy"
                        + " get a neutral check", SHIPPED_DEFAULT);
                return Optional.empty();
            }
            return Optional.of(new PolicyFile(PolicyFile.Origin.SERVER_DEFAULT, SERVER_DEFAULT_LOCATION,
                    "policies/default.yml", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
