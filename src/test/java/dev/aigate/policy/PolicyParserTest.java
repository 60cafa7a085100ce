package dev.aigate.policy;

import dev.aigate.provenance.ProvenanceClass;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strictness: every mistake is reported with file:line:col, and nothing unsafe is accepted. */
class PolicyParserTest {

    static final String ISSUE_EXAMPLE = """
            version: 1
            provenance:                      # extends the built-in catalogue (see the provenance issue)
              agents: ["acme-refactor-bot[bot]"]
              declared_label: ai-assisted
            size:
              small: { max_lines: 50 }
              large: { min_lines: 500 }
            rules:
              - name: Agent-written code needs two human reviewers
                if:
                  provenance: [agent, assisted]
                  changed_files: ["src/**"]
                  not: { has_labels: [trivial] }
                require:
                  approvals:
                    count: 2
                    from: { teams: [acme/backend], permission: write }
                    exclude: [author, committers, co_authors, bots]   # the human who drove the agent is not an independent reviewer
                    current_head_only: true                          # approvals given before the last push do not count
                  tests:
                    when_changed: ["src/main/**"]
                    must_change: ["src/test/**"]
                  checks: [CodeQL, gitleaks]                         # check runs or statuses that must succeed on the head SHA
              - name: No giant AI pull requests
                if: { provenance: [agent, assisted], size: [large] }
                require: { max_size: { lines: 1000, files: 40 } }
                conclusion: action_required
              - name: AI changes to CI and deploy need security
                if: { provenance: [agent, assisted, suspected], changed_files: [".github/**", "deploy/**", "**/*.tf"] }
                require: { approvals: { count: 1, from: { teams: [acme/security] } } }
            """;

    private static List<String> problems(String yaml) {
        PolicyParseResult r = PolicyParser.parse(yaml, "p.yml");
        assertFalse(r.ok(), "expected problems");
        assertTrue(r.policy().isEmpty());
        return r.problems().stream().map(PolicyProblem::format).toList();
    }

    private static String problem(String yaml) {
        List<String> p = problems(yaml);
        assertEquals(1, p.size(), p.toString());
        return p.get(0);
    }

    @Test
    void issueExampleParsesAsWritten() {
        Policy p = PolicyTesting.policy(ISSUE_EXAMPLE);
        assertEquals(List.of("acme-refactor-bot[bot]"), p.provenance().agents());
        assertEquals("ai-assisted", p.provenance().declaredLabel());
        assertEquals(List.of("small", "large"), p.sizeClasses().stream().map(s -> s.name()).toList());
        assertEquals(3, p.rules().size());
        assertEquals(Verdict.ACTION_REQUIRED, p.rules().get(1).onFailure());
        assertEquals(Set.of("acme/backend", "acme/security"), p.referencedTeams());
        assertTrue(p.triggers().watchesCheck("CodeQL"));
        assertFalse(p.triggers().watchesCheck("deploy"));
        assertFalse(p.triggers().needs(Triggers.Fetch.CODEOWNERS));
        assertTrue(p.triggers().needs(Triggers.Fetch.PERMISSIONS));
        assertEquals(9, p.rules().get(0).line());
    }

    @Test
    void issueExampleEvaluatesAnAgentPullRequest() {
        Prs pr = new Prs().file("src/main/java/Parser.java", 40, 10).file("deploy/prod.tf", 5, 0)
                .team("acme/backend", "bob", "carol").team("acme/security", "sam")
                .commit("abc1234", Prs.bot("acme-refactor-bot[bot]"), "refactor\n\nCo-authored-by: carol <carol@users.noreply.github.com>")
                .approve("carol").approve("bob").review("sam", "APPROVED", Prs.OLD)
                .check("CodeQL", "completed", "success").check("gitleaks", "completed", "success");
        pr.author = Prs.bot("acme-refactor-bot[bot]");
        pr.permissions.put("bob", "write");
        pr.permissions.put("carol", "admin");
        Evaluation e = PolicyTesting.evaluate(ISSUE_EXAMPLE, pr);
        assertEquals(ProvenanceClass.AGENT, e.provenance().provenanceClass());
        RuleResult first = e.rules().get(0);
        assertTrue(first.applied(), first.why());
        RequirementResult approvals = first.requirements().get(0);
        assertEquals(List.of("bob"), approvals.counted());
        assertEquals("carol", approvals.excluded().get(0).who());
        assertEquals(Status.PENDING, approvals.status());
        assertEquals(Status.FAILED, first.requirements().get(1).status(), "no test changed");
        assertEquals(Status.SATISFIED, first.requirements().get(2).status());
        assertFalse(e.rules().get(1).applied());
        RuleResult third = e.rules().get(2);
        assertTrue(third.applied());
        assertEquals(Status.SATISFIED, third.requirements().get(0).status(), "sam approved an older commit; no head-only rule here");
        assertEquals(Verdict.FAILURE, e.verdict());
    }

    @Test
    void tenErrorsGiveTenLocatedMessages() {
        String yaml = """
                version: 1
                provenence: {}
                size:
                  big: { min_lines: five }
                rules:
                  - name: a
                    if:
                      provenance: [agentt]
                      changed_files: ["src/**x"]
                      title: "(unclosed"
                      draft: maybe
                    require:
                      aprovals: 2
                      checks: []
                  - name: b
                    require: { approvals: { count: two, exclude: [authors] } }
                """;
        List<String> p = problems(yaml);
        assertEquals(List.of(
                "p.yml:2:1: unknown key 'provenence' in the policy; did you mean 'provenance'?",
                "p.yml:4:21: 'min_lines' must be a whole number, not 'five'",
                "p.yml:8:20: unknown provenance class 'agentt'; use agent, assisted, declared, suspected, automation, none; did you mean 'agent'?",
                "p.yml:9:28: bad glob: '**' must be a whole path segment, as in 'a/**/b'; use '*' inside a name",
                "p.yml:10:14: bad regular expression in 'title': missing closing ) (RE2 syntax: no backreferences or lookaround)",
                "p.yml:11:14: 'draft' must be true or false, not 'maybe'",
                "p.yml:13:7: unknown key 'aprovals' in 'require'; did you mean 'approvals'?",
                "p.yml:14:15: 'checks' is empty",
                "p.yml:16:36: 'approvals.count' must be a whole number, not 'two'",
                "p.yml:16:51: unknown exclusion 'authors'; use author, committers, co_authors, bots, initiator; did you mean 'author'?"), p);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a failure detector: compiling this pattern fills the heap
    void regexesWhoseRepetitionsMultiplyPastTheBoundAreRefusedWhereTheyAre() {
        String yaml = """
                version: 1
                rules:
                  - name: a
                    if: { body: { matches: "((a{1000}){1000}){1000}" } }
                    require: { approvals: 1 }
                  - name: b
                    if: { title: { not_matches: ["ok", '(a{1000}){100}b'] } }
                    require: { disclosure: { matches: ["x{1000}y{1000}z{1000}w{1000}v{1000}u{1000}"] } }
                """;
        assertEquals(List.of(
                "p.yml:4:39: 'body.matches': repetition too large: {1000} nested in {1000} multiplies to 1000000;"
                        + " the limit is 1000 (RE2 copies each repetition out when it compiles)",
                "p.yml:7:50: 'title.not_matches': repetition too large: {1000} nested in {100} multiplies to 100000;"
                        + " the limit is 1000 (RE2 copies each repetition out when it compiles)",
                "p.yml:8:40: 'disclosure.matches': regular expression too large: it compiles to about 6006 instructions"
                        + " (each counted repetition is copied out); the limit is 5000. Use smaller counts, or '+' and '*'"),
                problems(yaml));
    }

    @Test
    void globsWithTooManyDoubleStarsAreRefusedWhereTheyAre() {
        String glob = "**/*/".repeat(40);
        String yaml = "version: 1\nrules:\n  - name: a\n    if: { changed_files: [\"src/**\", \"" + glob + "x\"] }\n"
                + "    require: { approvals: 1 }\n";
        assertEquals("p.yml:4:" + (38 + 5 * 16) + ": bad glob: more than 16 '**' segments in one glob; the limit keeps matching"
                + " fast. Split it into several globs", problem(yaml));
    }

    @Test
    void misplacedKeysSayWhereTheyBelong() {
        String yaml = "version: 1\nrules:\n  - name: a\n    if: { approvals: 1 }\n    require: { changed_files: [a] }\n";
        assertEquals(List.of(
                "p.yml:4:11: unknown key 'approvals' in 'if': 'approvals' is a requirement; put it under 'require'",
                "p.yml:5:16: unknown key 'changed_files' in 'require': 'changed_files' is a condition; put it under 'if'"),
                problems(yaml));
    }

    @Test
    void typeTagsAreNeverAllowed() {
        assertEquals("p.yml:1:10: type tags such as 'tag:yaml.org,2002:int' are not allowed in a policy; remove the tag (quote the value if it must stay text)",
                problem("version: !!int 1\nrules: []\n"));
        assertTrue(problem("version: 1\nrules: !!javax.script.ScriptEngineManager [x]\n").startsWith("p.yml:2:8: type tags"));
        assertTrue(problem("version: 1\nrules:\n  - !custom { name: a }\n").startsWith("p.yml:3:5: type tags such as '!custom'"));
    }

    @Test
    void aliasesAreBounded() {
        StringBuilder yaml = new StringBuilder("version: 1\nx: &a [1]\nrules:\n");
        for (int i = 0; i < 25; i++) {
            yaml.append("  - *a\n");
        }
        assertTrue(problems(yaml.toString()).get(0).contains("more than 20 aliases"));
    }

    @Test
    void sizeAndDepthAreBounded() {
        String big = "version: 1\n# " + "x".repeat(PolicyParser.MAX_CHARS) + "\nrules: []\n";
        assertTrue(problem(big).startsWith("p.yml:1:1: the policy is "));
        String deep = "version: 1\nrules: " + "[".repeat(60) + "]".repeat(60) + "\n";
        assertEquals("p.yml:2:39: the policy nests deeper than 32 levels; flatten it", problem(deep));
        StringBuilder nots = new StringBuilder("{ draft: true }");
        for (int i = 0; i < 40; i++) {
            nots.insert(0, "{ not: ").append(" }");
        }
        assertEquals("p.yml:4:212: the policy nests deeper than 32 levels; flatten it",
                problem("version: 1\nrules:\n  - name: a\n    if: " + nots + "\n    require: { approvals: 1 }\n"));
    }

    @Test
    void yamlSyntaxErrorsAreLocated() {
        assertEquals("p.yml:4:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)",
                problem("version: 1\nrules:\n  - name: \"a\n"));
        assertTrue(problem("version: 1\nversion: 1\nrules: []\n").startsWith("p.yml:2:1: duplicate key 'version'"));
        assertEquals("p.yml:1:1: the policy is empty; it needs at least 'version: 1' and 'rules'", problem(""));
        assertTrue(problem("- a\n").contains("must be a mapping"));
    }

    @Test
    void missingVersionAndRules() {
        assertEquals(List.of("p.yml:1:1: missing 'version: 1' (the language version) at the top of the policy",
                "p.yml:1:1: missing 'rules:' (a list of rules; see docs/policy.md)"), problems("size: {}\n"));
        assertEquals("p.yml:1:10: unsupported version 2; this server reads 'version: 1'", problem("version: 2\nrules: []\n"));
    }

    @Test
    void rulesNeedANameAndARequirementAndUniqueNames() {
        List<String> p = problems("version: 1\nrules:\n  - if: { draft: true }\n    require: { approvals: 1 }\n  - name: x\n  - name: y\n    require: {}\n"
                + "  - name: z\n    require: { approvals: 1 }\n  - name: z\n    require: { approvals: 1 }\n");
        assertEquals(List.of("p.yml:3:5: a rule needs a 'name' (shown in the check run)",
                "p.yml:5:5: the rule 'x' needs a 'require:' block",
                "p.yml:7:14: 'require' is empty; a rule must require something",
                "p.yml:10:5: two rules are named 'z'; rule names must be unique"), p);
    }

    @Test
    void unknownSizeClassAndBadTeam() {
        List<String> p = problems("version: 1\nsize: { large: { min_lines: 500 } }\nrules:\n  - name: a\n    if: { size: [larg] }\n"
                + "    require: { approvals: { from: { teams: [backend], users: [acme/x] } } }\n");
        assertEquals(List.of(
                "p.yml:5:18: unknown size class 'larg'; define it under the top-level 'size:' (defined: large); did you mean 'large'?",
                "p.yml:6:63: 'acme/x' is not a GitHub login; teams go under 'teams'",
                "p.yml:6:45: 'backend' is not a team; write it as org/team-slug, e.g. acme/backend"), p);
    }

    @Test
    void globSetsAreSharedWithinAPolicy() {
        Policy p = PolicyTesting.policy("version: 1\nrules:\n  - name: a\n    if: { changed_files: [\"src/**\"] }\n    require: { approvals: 1 }\n"
                + "  - name: b\n    if: { changed_files: [\"src/**\"] }\n    require: { approvals: 2 }\n");
        assertSame(((Condition.ChangedFiles) p.rules().get(0).condition()).globs(), ((Condition.ChangedFiles) p.rules().get(1).condition()).globs());
    }

    @Test
    void labelsSyncAndProvenanceSettings() {
        Policy p = PolicyTesting.policy("""
                version: 1
                provenance:
                  agents: ["acme-bot[bot]", "12345"]
                  emails: ["*@agents.acme.dev"]
                  trailers: [Generated-by]
                  branch_prefixes: [agent/]
                  disable_signals: [branch.prefix]
                  override_signals: [agent.devin.pr-author]
                labels_sync: { agent: "ai:agent", assisted: "ai:assisted" }
                rules:
                  - name: a
                    require: { approvals: 1 }
                """);
        assertEquals(List.of("acme-bot[bot]", "12345"), p.provenance().agents());
        assertEquals(List.of("*@agents.acme.dev"), p.provenance().emails());
        assertEquals(List.of("Generated-by"), p.provenance().trailers());
        assertEquals(List.of("agent/"), p.provenance().branchPrefixes());
        assertEquals(Set.of("branch.prefix"), p.provenance().disabledSignals());
        assertEquals(Set.of("agent.devin.pr-author"), p.provenance().overriddenSignals());
        assertEquals(Optional.of("ai:agent"), p.labelFor(ProvenanceClass.AGENT));
        assertEquals(Optional.empty(), p.labelFor(ProvenanceClass.NONE));
        assertEquals(Set.of("ai:agent", "ai:assisted"), p.syncedLabels());
        assertFalse(PolicyTesting.policy("version: 1\nrules:\n  - name: a\n    require: { approvals: 1 }\n").syncsLabels());
    }

    /** A policy is plain YAML: a bare login[bot] in a flow list does not parse, and the error says where and how to fix it. */
    @Test
    void aBareBotLoginInAFlowListIsALocatedErrorThatSaysToQuoteIt() {
        String quote = "' must be quoted inside a [...] list: write \"";
        assertEquals(List.of("p.yml:1:24: 'a[bot]" + quote + "a[bot]\" (in YAML a '[' inside a [...] list starts another list)"),
                problems("provenance: { agents: [a[bot], b[bot]] }\nversion: 1\nrules:\n  - name: a\n    require: { approvals: 1 }\n"));
        List<String> second = problems("version: 1\nprovenance:\n  agents: [\"a[bot]\", b-2[bot]]\nrules:\n  - name: a\n    require: { approvals: 1 }\n");
        assertEquals(1, second.size(), second.toString());
        assertTrue(second.get(0).startsWith("p.yml:3:22: 'b-2[bot]" + quote + "b-2[bot]\""), second.get(0));
        List<String> spanning = problems("version: 1\nprovenance:\n  agents: [\n    c[bot],\n  ]\nrules:\n  - name: a\n    require: { approvals: 1 }\n");
        assertEquals(1, spanning.size(), spanning.toString());
        assertTrue(spanning.get(0).startsWith("p.yml:4:5: 'c[bot]" + quote), spanning.get(0));

        // Quoted, or in a block list, the same logins are ordinary strings; a comment is not read.
        Policy quoted = PolicyTesting.policy("version: 1 # agents: [x[bot]]\nprovenance:\n  agents: [\"a[bot]\", 'b[bot]']\n"
                + "rules:\n  - name: a\n    require: { approvals: 1 }\n");
        assertEquals(List.of("a[bot]", "b[bot]"), quoted.provenance().agents());
        Policy block = PolicyTesting.policy("version: 1\nprovenance:\n  agents:\n    - a[bot]\n    - \"b[bot]\"\n"
                + "rules:\n  - name: a\n    require: { approvals: 1 }\n");
        assertEquals(List.of("a[bot]", "b[bot]"), block.provenance().agents());
    }

    /** Other YAML errors keep snakeyaml's own message and position: nothing was rewritten before parsing. */
    @Test
    void otherYamlErrorsKeepTheirPositions() {
        List<String> p = problems("version: 1\nprovenance: { agents: [\"a[bot]\"], x: 1, nope: 1 }\nrules:\n  - name: a\n    require: { approvals: 1 }\n");
        assertEquals(List.of("p.yml:2:35: unknown key 'x' in provenance", "p.yml:2:41: unknown key 'nope' in provenance"),
                p.stream().map(s -> s.replaceAll("; expected one of .*", "")).toList());
        List<String> broken = problems("version: 1\nrules: [ { name: a }\n");
        assertEquals(1, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("p.yml:") && broken.get(0).contains("invalid YAML"), broken.get(0));
    }

    // ------------------------------------------------------------ extends

    private static PolicySources sources(Map<String, String> files) {
        return (repo, path, ref) -> Optional.ofNullable(files.get(repo + ":" + path + "@" + ref));
    }

    @Test
    void extendsMergesTheSharedPolicy() {
        Map<String, String> files = new HashMap<>();
        files.put("acme/.github:policies/base.yml@v1", """
                version: 1
                provenance: { agents: ["base-bot[bot]"], declared_label: ai }
                size: { large: { min_lines: 500 } }
                rules:
                  - name: shared
                    require: { approvals: 1 }
                  - name: replaced
                    require: { approvals: 1 }
                """);
        PolicyParseResult r = PolicyParser.parse("""
                version: 1
                extends: acme/.github:policies/base.yml@v1
                provenance: { agents: ["local-bot[bot]"] }
                rules:
                  - name: replaced
                    if: { size: [large] }
                    require: { approvals: 3 }
                  - name: own
                    require: { labels: [x] }
                """, ".github/ai-gate.yml", sources(files));
        assertTrue(r.ok(), r.problems().toString());
        Policy p = r.policy().orElseThrow();
        assertEquals(List.of("base-bot[bot]", "local-bot[bot]"), p.provenance().agents());
        assertEquals("ai", p.provenance().declaredLabel());
        assertEquals(List.of("shared", "replaced", "own"), p.rules().stream().map(Rule::name).toList());
        assertEquals(3, ((Requirement.Approvals) p.rules().get(1).requirements().get(0)).count());
        assertEquals("acme/.github:policies/base.yml@v1", p.rules().get(0).source());
        assertEquals(List.of("acme/.github:policies/base.yml@v1"), p.extendsChain());
    }

    @Test
    void extendsProblemsNameTheExtendedFile() {
        Map<String, String> files = Map.of("acme/p:.github/ai-gate.yml@null", "version: 1\nrules:\n  - name: a\n    require: { aprovals: 1 }\n");
        PolicyParseResult r = PolicyParser.parse("version: 1\nextends: acme/p\nrules: []\n", "local.yml", sources(files));
        assertEquals(List.of("acme/p:.github/ai-gate.yml:4:16: unknown key '…' in 'require'; did you mean 'approvals'?"
                                + " (details withheld: the file is in another repository; validate it there)",
                        "local.yml:2:10: the extended policy acme/p:.github/ai-gate.yml has 1 problem(s), listed with its name; fix them there"),
                r.problems().stream().map(PolicyProblem::format).toList());
    }

    @Test
    void extendsCyclesAndDepthAreCaught() {
        Map<String, String> files = new HashMap<>();
        files.put("o/.github:a.yml@main", "version: 1\nextends: o/.github:b.yml@main\nrules: []\n");
        files.put("o/.github:b.yml@main", "version: 1\nextends: o/.github:a.yml@main\nrules: []\n");
        List<String> cycle = PolicyParser.parse("version: 1\nextends: o/.github:a.yml@main\nrules: []\n", "root.yml", sources(files))
                .problems().stream().map(PolicyProblem::format).toList();
        assertEquals("o/.github:b.yml@main:2:10: 'extends' forms a cycle: root.yml -> o/.github:a.yml@main -> o/.github:b.yml@main -> o/.github:a.yml@main; remove one of the extends",
                cycle.get(0));
        for (int i = 0; i < 10; i++) {
            files.put("o/.github:d" + i + ".yml@main", "version: 1\nextends: o/.github:d" + (i + 1) + ".yml@main\nrules: []\n");
        }
        List<String> deep = PolicyParser.parse("version: 1\nextends: o/.github:d0.yml@main\nrules: []\n", "root.yml", sources(files))
                .problems().stream().map(PolicyProblem::format).toList();
        assertTrue(deep.get(0).contains("'extends' goes deeper than 5 policies"), deep.toString());
    }

    @Test
    void extendsWithoutSourcesOrMalformedIsAProblem() {
        assertEquals("p.yml:1:23: cannot read the extended policy o/.github:x.yml; check that it exists and that the app is installed on o/.github with contents read access",
                problem("{version: 1, extends: o/.github:x.yml, rules: []}"));
        assertTrue(problem("version: 1\nextends: not a ref\nrules: []\n").contains("'extends' must look like 'org/repo:path/to/policy.yml@ref'"));
    }

    @Test
    void invalidateOnTakesNeverPushOrDiffChangeAndCurrentHeadOnlyIsItsAlias() {
        String rule = "version: 1\nrules:\n  - name: a\n    require: { approvals: { count: 1, %s }, codeowners: { %s } }\n";
        for (String[] c : new String[][]{{"invalidate_on: never", "NEVER"}, {"invalidate_on: push", "PUSH"},
                {"invalidate_on: diff_change", "DIFF_CHANGE"}, {"current_head_only: true", "PUSH"},
                {"current_head_only: false", "NEVER"}, {"request_reviewers: false", "NEVER"}}) {
            PolicyParseResult r = PolicyParser.parse(String.format(rule, c[0], c[0]), "p.yml");
            assertTrue(r.ok(), c[0] + ": " + r.problems());
            Policy p = r.policy().orElseThrow();
            Requirement.Approvals a = (Requirement.Approvals) p.rules().get(0).requirements().get(0);
            Requirement.Codeowners o = (Requirement.Codeowners) p.rules().get(0).requirements().get(1);
            assertEquals(c[1], a.invalidateOn().name(), c[0]);
            assertEquals(c[1], o.invalidateOn().name(), c[0]);
            assertEquals(c[1].equals("DIFF_CHANGE"), p.triggers().needs(Triggers.Fetch.PATCHES), c[0]);
        }
    }

    @Test
    void invalidateOnRefusesUnknownValuesAndTheAliasAlongside() {
        assertEquals(List.of("p.yml:4:54: unknown invalidate_on 'diff_changes'; use never, push, diff_change"
                        + "; did you mean 'diff_change'?"),
                problems("version: 1\nrules:\n  - name: a\n    require: { approvals: { count: 1, invalidate_on: diff_changes } }\n"));
        assertEquals(List.of("p.yml:4:54: 'invalidate_on' and 'current_head_only' say the same thing; keep only"
                        + " 'invalidate_on' (current_head_only: true is invalidate_on: push)"),
                problems("version: 1\nrules:\n  - name: a\n    require: { approvals: { count: 1, invalidate_on: push,"
                        + " current_head_only: true } }\n"));
    }

    @Test
    void labelsTakePresentAndAbsentAndBadValuesAreLocated() {
        Policy p = PolicyTesting.policy("version: 1\nrules:\n  - name: r\n    hint: Split the change.\n"
                + "    require: { labels: { present: [ok], absent: [large-ai-change] } }\n");
        Requirement.Labels l = (Requirement.Labels) p.rules().get(0).requirements().get(0);
        assertEquals(List.of("ok"), l.labels());
        assertEquals(List.of("large-ai-change"), l.absent());
        assertEquals("Split the change.", p.rules().get(0).hint());
        assertEquals("", PolicyTesting.policy("version: 1\nrules:\n  - name: r\n    require: { labels: [x] }\n")
                .rules().get(0).hint());

        String rule = "version: 1\nrules:\n  - name: r\n    require:\n      labels: ";
        assertEquals("p.yml:5:17: unknown key 'abesnt' in labels; did you mean 'absent'?",
                problem(rule + "{ abesnt: [x] }\n"));
        assertEquals("p.yml:5:15: 'labels' needs 'present' (labels that must be on the pull request) or 'absent'"
                + " (labels that must not be), each a list of label names", problem(rule + "{ absent: [] }\n"));
        assertTrue(problem(rule + "{ absent: { a: 1 } }\n").startsWith("p.yml:5:25: "), problem(rule + "{ absent: { a: 1 } }\n"));
        assertEquals("p.yml:5:41: the label 'WIP' is both present and absent in 'labels'; no pull request could satisfy that",
                problem(rule + "{ present: [wip], absent: [WIP] }\n"));
    }

    @Test
    void aHintIsOneInstructionAndBadOnesAreLocated() {
        String head = "version: 1\nrules:\n  - name: r\n    require: { approvals: 1 }\n    hint: ";
        assertEquals("p.yml:5:11: 'hint' is empty; say what to do when the rule is unmet, or leave it out",
                problem(head + "\"  \"\n"));
        assertTrue(problem(head + "[a, b]\n").startsWith("p.yml:5:11: "), problem(head + "[a, b]\n"));
        assertEquals("p.yml:5:11: 'hint' is 501 characters; keep it to 500 (one instruction), and put the rest in 'description'",
                problem(head + "x".repeat(501) + "\n"));
        assertTrue(problem("version: 1\nrules:\n  - name: r\n    require: { approvals: 1 }\n    hnit: x\n")
                .contains("unknown key 'hnit'"));
    }
}
