package dev.aigate.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigate.github.InstallationApi;
import dev.aigate.github.Reads;
import dev.aigate.github.SnapshotLoader;
import dev.aigate.github.SnapshotReads;
import dev.aigate.policy.Triggers;
import dev.aigate.snapshot.PullRequestKey;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The reads of every open pull request on one head, in flight: this one's snapshot ({@link SnapshotReads}) and
 * the list of open pull requests on the head start together, once the pull request is read; each other one
 * found there is read, then its snapshot is started too, each with the optional reads its policy needed last
 * time ({@link RecordPolicyTriggers#expected}).
 */
final class HeadReads {

    static HeadReads start(SnapshotLoader loader, InstallationApi api, PullRequestKey key, JsonNode pr, String headSha,
                           RecordPolicyTriggers expected) {
        SnapshotReads own = loader.start(api, key, pr, expectedFor(expected, key, pr));
        CompletableFuture<List<Integer>> others = Reads.async(() -> otherOpenPullsWithHead(api, key, headSha));
        return new HeadReads(loader, api, key, pr, headSha, own, others, expected);
    }

    private static Triggers expectedFor(RecordPolicyTriggers expected, PullRequestKey key, JsonNode pr) {
        return expected.expected(key.repo().fullName(), pr.path("base").path("ref").asText());
    }

    private final SnapshotLoader loader;
    private final InstallationApi api;
    private final PullRequestKey key;
    private final String headSha;
    private final SnapshotReads own;
    private final CompletableFuture<List<Integer>> others;
    private final RecordPolicyTriggers expected;
    private final List<JsonNode> json = new ArrayList<>();

    private HeadReads(SnapshotLoader loader, InstallationApi api, PullRequestKey key, JsonNode pr, String headSha,
                      SnapshotReads own, CompletableFuture<List<Integer>> others, RecordPolicyTriggers expected) {
        this.loader = loader;
        this.api = api;
        this.key = key;
        this.headSha = headSha;
        this.own = own;
        this.others = others;
        this.expected = expected;
        json.add(pr);
    }

    /** The pull requests' JSON, in the order of {@link #join()}'s snapshots (this one first). */
    List<JsonNode> json() {
        return json;
    }

    List<SnapshotLoader.Loaded> join() throws IOException {
        List<CompletableFuture<JsonNode>> otherPrs = new ArrayList<>();
        List<PullRequestKey> otherKeys = new ArrayList<>();
        for (int other : Reads.join(others)) {
            PullRequestKey otherKey = new PullRequestKey(key.installationId(), key.repo(), other);
            otherKeys.add(otherKey);
            otherPrs.add(Reads.async(() -> loader.pullRequest(api, otherKey)));
        }
        List<SnapshotReads> started = new ArrayList<>();
        for (int i = 0; i < otherKeys.size(); i++) {
            JsonNode otherPr = Reads.join(otherPrs.get(i));
            if ("open".equals(otherPr.path("state").asText()) && headSha.equals(otherPr.path("head").path("sha").asText())) {
                json.add(otherPr);
                started.add(loader.start(api, otherKeys.get(i), otherPr, expectedFor(expected, key, otherPr)));
            }
        }
        List<SnapshotLoader.Loaded> loads = new ArrayList<>();
        loads.add(own.join());
        for (SnapshotReads s : started) {
            loads.add(s.join());
        }
        return loads;
    }

    /** The other open pull requests into this repository whose head is this commit. */
    private static List<Integer> otherOpenPullsWithHead(InstallationApi api, PullRequestKey key, String headSha)
            throws IOException {
        List<Integer> others = new ArrayList<>();
        for (JsonNode p : EvaluatePullRequest.openPullsWithHead(api, key.repo().fullName(), headSha)) {
            int number = p.path("number").asInt();
            if (number != key.number()
                    && key.repo().fullName().equalsIgnoreCase(p.path("base").path("repo").path("full_name").asText())) {
                others.add(number);
            }
        }
        return others;
    }
}
