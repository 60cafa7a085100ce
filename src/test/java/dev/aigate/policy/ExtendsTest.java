package dev.aigate.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an {@code extends} may name, and what its problems may show. */
class ExtendsTest {

    /** Sources that record every read, so a test can show that a refused reference is never fetched. */
    private static final class Recording implements PolicySources {
        final Map<String, String> files;
        final List<String> reads = new ArrayList<>();

        Recording(Map<String, String> files) {
            this.files = files;
        }

        @Override
        public Optional<String> read(String repo, String path, String ref) {
            reads.add(repo + ":" + path);
            return Optional.ofNullable(files.get(repo + ":" + path));
        }
    }

    private static List<PolicyProblem> parse(String extendsValue, PolicySources sources) {
        return PolicyParser.parse("version: 1\nextends: " + extendsValue + "\nrules: []\n", ".github/ai-gate.yml", sources)
                .problems();
    }

    @Test
    void pathsThatLeaveTheFileAreRefusedWhereTheyAreWrittenAndNeverRead() {
        Recording sources = new Recording(Map.of());
        Map<String, String> refused = Map.ofEntries(
                Map.entry("octocat/Hello-World:../../../../installation/repositories", "'.' or '..' segments"),
                Map.entry("octocat/.github:policies/../../../secrets.yml", "'.' or '..' segments"),
                Map.entry("octocat/.github:./ai-gate.yml", "'.' or '..' segments"),
                Map.entry("octocat/.github:%2e%2e/%2e%2e/installation/repositories.yml", "must not contain '%'"),
                Map.entry("octocat/.github:%2E%2E/x.yml", "must not contain '%'"),
                Map.entry("octocat/.github:a//b.yml", "empty segments"),
                Map.entry("octocat/.github:/etc/x.yml", "empty segments"),
                Map.entry("'octocat/.github:a\\\\b.yml'", "not a backslash"),
                Map.entry("\"octocat/.github:a\\u0001b.yml\"", "control characters"),
                Map.entry("octocat/.github:a?b=c.yml", "only letters, digits"),
                Map.entry("octocat/..:x.yml", "'.' and '..' are not repository names"),
                Map.entry("octocat/private-infra:deploy/secrets.yml", "outside .github/ only in the owner's .github repository"),
                Map.entry("octocat/.github:notes.txt", "ending in .yml or .yaml"),
                Map.entry("octocat/.github:a.yml@x..y", "not a branch, tag or commit SHA"));
        refused.forEach((ref, why) -> {
            List<PolicyProblem> problems = parse(ref, sources);
            assertEquals(1, problems.size(), ref + " -> " + problems);
            PolicyProblem p = problems.get(0);
            assertEquals(".github/ai-gate.yml:2:10", p.file() + ":" + p.line() + ":" + p.column(), ref);
            assertTrue(p.message().startsWith("'extends' ") && p.message().contains(why), ref + " -> " + p.message());
        });
        assertEquals(List.of(), sources.reads, "a refused reference is never read");
    }

    @Test
    void policyFilesInTheSharedRepositoryOrUnderDotGithubAreAllowed() {
        assertEquals(null, ExtendsTarget.problem("acme/.github", "policies/base.yml", "v1"));
        assertEquals(null, ExtendsTarget.problem("acme/.GitHub", "ai-gate.yaml", null));
        assertEquals(null, ExtendsTarget.problem("acme/platform", ".github/ai-gate.yml", "main"));
        assertEquals(null, ExtendsTarget.problem("acme/platform", ".github/policies/strict+ai.yml", "release/2.x"));
        assertTrue(ExtendsTarget.sameOwner("Acme", "acme/.github"));
        assertFalse(ExtendsTarget.sameOwner("acme", "org/private-infra"));
    }

    @Test
    void theSourceCanRefuseARepositoryWithALocatedProblem() {
        Recording files = new Recording(Map.of("org/.github:ai-gate.yml", "version: 1\nrules: []\n"));
        PolicySources sources = new PolicySources() {
            @Override
            public Optional<String> read(String repo, String path, String ref) {
                return files.read(repo, path, ref);
            }

            @Override
            public String refusal(String repo) {
                return repo.startsWith("acme/") ? null : "may name only repositories of acme, the owner of this repository";
            }
        };
        List<PolicyProblem> problems = parse("org/.github:ai-gate.yml", sources);
        assertEquals(List.of(".github/ai-gate.yml:2:10: 'extends' may name only repositories of acme, the owner of this"
                + " repository (see docs/policy.md, 'extends')"), problems.stream().map(PolicyProblem::format).toList());
        assertEquals(List.of(), files.reads);
    }

    @Test
    void problemsOfAnExtendedFileShowWhereAndWhatButNoneOfItsText() {
        String secretFile = """
                version: 77
                DATABASE_URL: postgres://admin:S3cretPassw0rd@db.internal/prod
                provenance: "postgres://admin:S3cretPassw0rd@db.internal/prod"
                size:
                  S3cretSize: { min_lines: 9, max_lines: 3 }
                  Hunter2Class: { max_linez: 1 }
                rules:
                  - name: "S3cret rule"
                    if: { size: [S3cretUnknown], provenance: [hunter2] }
                    require: { approvals: "S3cret-approvals", checks: [ { bogus: S3cretCheck } ] }
                  - name: "S3cret rule"
                    require: { approvals: 1 }
                """;
        Recording sources = new Recording(Map.of("acme/.github:policies/infra.yml", secretFile));
        List<PolicyProblem> problems = parse("acme/.github:policies/infra.yml", sources);
        assertTrue(problems.size() > 5, problems.toString());
        for (PolicyProblem p : problems) {
            String text = p.format();
            for (String secret : List.of("S3cret", "postgres", "admin", "DATABASE_URL", "db.internal", "prod",
                    "Hunter2", "hunter2", "77", "max_linez", "bogus")) {
                assertFalse(p.message().contains(secret), secret + " leaked in " + text);
            }
        }
        List<String> inExtended = problems.stream().filter(p -> p.file().equals("acme/.github:policies/infra.yml"))
                .map(p -> p.line() + ": " + p.message()).toList();
        // Each keeps its line and its kind, and the schema's own words.
        assertTrue(inExtended.contains("2: unknown key '…' in the policy; expected one of version, extends, provenance,"
                + " size, labels_sync, mode, rules" + Withheld.NOTE), inExtended.toString());
        assertTrue(inExtended.contains("3: provenance must be a mapping (key: value), not '…'" + Withheld.NOTE),
                inExtended.toString());
        assertTrue(inExtended.contains("10: 'approvals' must be a whole number, not '…'" + Withheld.NOTE),
                inExtended.toString());
        assertTrue(problems.stream().anyMatch(p -> p.file().equals(".github/ai-gate.yml") && p.line() == 2
                && p.message().contains("the extended policy acme/.github:policies/infra.yml has")), problems.toString());
    }

    @Test
    void invalidYamlInAnExtendedFileIsReportedWithoutTheLibrarysQuote() {
        Recording sources = new Recording(Map.of("acme/.github:x.yml", "version: 1\nrules: [\"S3cret\n  - {: S3cret"));
        List<PolicyProblem> problems = parse("acme/.github:x.yml", sources);
        PolicyProblem yaml = problems.stream().filter(p -> p.file().equals("acme/.github:x.yml")).findFirst().orElseThrow();
        assertEquals("invalid YAML" + Withheld.NOTE, yaml.message());
        assertTrue(yaml.line() >= 2, yaml.toString());
    }

    @Test
    void theRepositorysOwnFileKeepsItsFullMessages() {
        List<PolicyProblem> problems = PolicyParser.parse("version: 1\nrules:\n  - name: a\n    require: { aprovals: 1 }\n",
                ".github/ai-gate.yml").problems();
        assertEquals("unknown key 'aprovals' in 'require'; did you mean 'approvals'?", problems.get(0).message());
    }

    @Test
    void aSourceThatIsUnavailableForNowIsNotAMissingFile() {
        PolicySources.Unavailable down = new PolicySources.Unavailable("GitHub answered 500", null);
        PolicySources sources = (repo, path, ref) -> {
            throw down;
        };
        PolicySources.Unavailable thrown = assertThrows(PolicySources.Unavailable.class,
                () -> parse("acme/.github:policies/base.yml", sources));
        assertSame(down, thrown);
    }
}
