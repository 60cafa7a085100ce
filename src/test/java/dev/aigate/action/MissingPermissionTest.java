package dev.aigate.action;

import dev.aigate.github.GitHubCallException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissingPermissionTest {

    @Test
    void namesThePermissionOfEachEndpointTheLoaderReads() {
        Map.of("/repos/o/r/pulls/2/files", "pull-requests: read",
                "/repos/o/r/contents/.github/ai-gate.yml", "contents: read",
                "/repos/o/r/commits/abc/check-runs", "checks: read",
                "/repos/o/r/commits/abc/status", "statuses: read",
                "/orgs/o/teams/core/members", "members: read")
                .forEach((path, permission) -> assertEquals(permission, MissingPermission.permission(path, false), path));
        assertEquals("checks: write", MissingPermission.permission("http://h/repos/o/r/check-runs", true));
        assertNull(MissingPermission.permission("/rate_limit", false));
    }

    @Test
    void adviceOnlyForRefusals() {
        assertTrue(MissingPermission.advice(new GitHubCallException("reading /repos/o/r/pulls/2", 502, Map.of())).isEmpty());
        assertTrue(MissingPermission.advice(new IOException("connection reset")).isEmpty());
        MissingPermission.Advice teams = MissingPermission.advice(
                new GitHubCallException("reading /orgs/o/teams/core/members", 403, Map.of())).orElseThrow();
        assertTrue(teams.sentence().contains("members: read") && teams.yaml() == null, teams.toString());
        MissingPermission.Advice contents = MissingPermission.advice(
                new GitHubCallException("reading .github/ai-gate.yml", 403, Map.of())).orElseThrow();
        assertEquals(MissingPermission.BLOCK, contents.yaml());
    }
}
