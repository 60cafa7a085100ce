package dev.aigate.github;

import dev.aigate.policy.ExtendsTarget;
import dev.aigate.policy.PolicySources;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads {@code extends} targets for the policy of one repository, with that installation's token.
 * Only repositories of the same owner may be named (the token can read others the App is installed
 * on, whose readers need not be this repository's), and the target is checked again here, before
 * any request, so a reference that slipped past the parser still cannot reach another API path.
 *
 * <p>A missing file (404) or a refused request (403 without a rate limit) is reported as unreadable;
 * a network failure, a 5xx or a rate limit is {@link PolicySources.Unavailable}, so the evaluation is
 * retried instead of failing the gate for a file that exists.
 */
final class ExtendsSources implements PolicySources {

    private final InstallationApi api;
    private final String owner;

    ExtendsSources(InstallationApi api, String owner) {
        this.api = api;
        this.owner = owner;
    }

    @Override
    public String refusal(String repo) {
        return ExtendsTarget.sameOwner(owner, repo) ? null
                : "may name only repositories of " + owner + ", the owner of this repository";
    }

    @Override
    public Optional<String> read(String repo, String path, String ref) {
        if (ExtendsTarget.problem(repo, path, ref) != null || refusal(repo) != null) {
            throw new IllegalArgumentException("extends target refused: " + repo + ":" + path);
        }
        try {
            return api.fileText(repo, path, ref);
        } catch (IOException e) {
            if (GitHubFailures.isTransient(e)) {
                throw new Unavailable("reading the extended policy " + repo + ":" + path, e);
            }
            return Optional.empty();
        }
    }
}
