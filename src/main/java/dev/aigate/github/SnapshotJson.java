package dev.aigate.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.GitIdentity;
import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.snapshot.Review;

import java.time.Instant;

/** GitHub's documented JSON, read into the snapshot's types. */
final class SnapshotJson {

    private SnapshotJson() {
    }

    static BranchRef branch(JsonNode node) {
        return new BranchRef(text(node, "ref"), text(node, "sha"), text(node.path("repo"), "full_name"));
    }

    static Actor actor(JsonNode user) {
        if (user == null || user.isMissingNode() || user.isNull()) {
            return Actor.UNKNOWN;
        }
        return new Actor(text(user, "login"), user.path("id").asLong(0), text(user, "type"));
    }

    static ChangedFile file(JsonNode f) {
        return new ChangedFile(text(f, "filename"), text(f, "previous_filename"), text(f, "status"),
                f.path("additions").asInt(), f.path("deletions").asInt());
    }

    static PatchFingerprint.FilePatch filePatch(JsonNode f) {
        return new PatchFingerprint.FilePatch(text(f, "filename"), text(f, "previous_filename"), text(f, "status"),
                f.path("changes").asInt(f.path("additions").asInt() + f.path("deletions").asInt()), text(f, "sha"),
                text(f, "patch"));
    }

    static CommitInfo commit(JsonNode c) {
        JsonNode commit = c.path("commit");
        return new CommitInfo(text(c, "sha"), text(commit, "message"), identity(commit.path("author")),
                identity(commit.path("committer")), actor(c.path("author")), actor(c.path("committer")),
                commit.path("verification").path("verified").asBoolean(false));
    }

    static GitIdentity identity(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? GitIdentity.NONE : new GitIdentity(text(node, "name"), text(node, "email"));
    }

    static Review review(JsonNode r) {
        String submitted = text(r, "submitted_at");
        return new Review(r.path("id").asLong(), actor(r.path("user")), text(r, "state"), text(r, "commit_id"),
                submitted == null ? null : Instant.parse(submitted));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
