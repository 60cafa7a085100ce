package dev.aigate.provenance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalCatalogueTest {

    /** The smallest catalogue that loads; the broken variants below each change one thing. */
    static final String MINIMAL = """
            catalogue_version: "t.1"
            bots:
              - { id: agent.x, kind: agent, tool: x, source: s, logins: ["x[bot]"], ids: [1] }
              - { id: automation.y, kind: automation, source: s, logins: ["y[bot]"] }
            emails:
              - { id: email.x, tier: T1, tool: x, match: exact, value: "a@x.dev", source: s }
            coauthor_keys: [Co-authored-by]
            trailers: []
            negative_values: '^none$'
            markers:
              - { id: body.x, tier: T1, tool: x, scope: body, literal: "made by x", source: s }
            disclosure: { id: declared.checkbox, line_id: declared.line, ai: 'AI', affirm: 'used', deny: 'not', line: 'AI: (.+)', source: s }
            """;

    @Test
    void builtInLoadsOnceAndIsVersioned() {
        SignalCatalogue c = SignalCatalogue.builtIn();
        assertSame(c, SignalCatalogue.builtIn(), "loaded once and shared");
        assertFalse(c.version().isBlank());
        assertTrue(c.signals().size() > 100, "a real catalogue, got " + c.signals().size());
        for (Signal s : c.signals().values()) {
            assertNotNull(s.source(), s.id() + " names its source");
            assertTrue(s.id().contains("."), s.id());
        }
        assertEquals(ProvenanceClassifierApiTest.CLASSIFIER.catalogueVersion(), c.version());
    }

    @Test
    void builtInCoversTheAgentTable() {
        SignalCatalogue c = SignalCatalogue.builtIn();
        Set<String> required = Set.of("agent.copilot", "agent.claude", "agent.devin", "agent.jules", "agent.cursor",
                "agent.amazon-q", "agent.codex", "agent.sweep", "agent.openhands", "reviewer.coderabbit",
                "reviewer.gemini-code-assist", "automation.dependabot", "automation.renovate",
                "automation.github-actions", "automation.pre-commit-ci", "automation.release-please",
                "automation.mergify");
        for (String id : required) {
            assertTrue(c.signal(id).isPresent(), id);
        }
        assertEquals(Tier.T0, c.signal("agent.copilot").orElseThrow().tier());
        assertEquals(Tier.T3, c.signal("email.copilot-vscode").orElseThrow().tier(), "VS Code trailer stays weak");
    }

    @Test
    void minimalCatalogueLoads() {
        SignalCatalogue c = SignalCatalogue.parse(MINIMAL, "test.yml");
        assertEquals("t.1", c.version());
        assertEquals(Set.of("agent.x", "automation.y", "email.x", "body.x", "declared.checkbox", "declared.line"),
                c.signals().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not YAML                 | 'catalogue_version: "t.1"'                      | 'catalogue_version: [unclosed'               | is not valid YAML
            missing version          | 'catalogue_version: "t.1"'                      | 'other: 1'                                    | unknown key 'other'
            unquoted version         | 'catalogue_version: "t.1"'                      | 'catalogue_version: 2026'                     | catalogue_version: required
            misspelt key             | 'match: exact, value:'                          | 'match: exact, valeu:'                        | emails[0]: unknown key 'valeu'
            bad regex                | 'literal: "made by x"'                          | 'regex: "made by (x"'                         | markers[0] (body.x).regex: bad regular expression
            huge regex               | 'literal: "made by x"'                          | 'regex: "((x{1000}){1000}){1000}"'            | markers[0] (body.x).regex: repetition too large: {1000} nested in {1000}
            duplicate id             | 'id: email.x'                                   | 'id: agent.x'                                 | id 'agent.x' is used twice
            T0 on an e-mail          | 'tier: T1, tool: x, match'                      | 'tier: T0, tool: x, match'                    | reserved for bot accounts
            unknown tier             | 'tier: T1, tool: x, match'                      | 'tier: T9, tool: x, match'                    | tier must be T1, T2 or T3
            duplicate login          | 'logins: ["y[bot]"]'                            | 'logins: ["X[bot]"]'                          | login 'x[bot]' is also listed by agent.x
            unknown bot kind         | 'kind: agent'                                   | 'kind: robot'                                 | kind must be agent, reviewer or automation
            bad bot id               | 'ids: [1]'                                      | 'ids: [abc]'                                  | ids must be positive numeric account ids
            noreply as a domain      | 'match: exact, value: "a@x.dev"'                | 'match: domain, value: "users.noreply.github.com"' | is not an AI-only domain
            bad id shape             | 'id: body.x'                                    | 'id: Body X'                                  | must look like kind.name
            automation with a tool   | 'kind: automation, source'                      | 'kind: automation, tool: z, source'           | automation has no AI tool
            YAML 1.1 yes/no keys     | 'affirm:'                                       | 'yes:'                                        | keys must be strings
            marker without a text    | 'literal: "made by x", '                        | ''                                            | give exactly one of literal and regex
            bad scope                | 'scope: body'                                   | 'scope: footer'                               | scope must be message, subject, raw_body or body
            """)
    void brokenCatalogueFailsFastNamingTheEntry(String what, String from, String to, String message) {
        String broken = MINIMAL.replace(from, to);
        assertFalse(broken.equals(MINIMAL), "the mutation applies: " + what);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignalCatalogue.parse(broken, "bad.yml"));
        assertTrue(e.getMessage().startsWith("signal catalogue bad.yml"), e.getMessage());
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void toolAliasesNameTheEarliestTool() {
        SignalCatalogue c = SignalCatalogue.builtIn();
        assertEquals("claude", c.toolIn("Claude:claude-3-opus coccinelle sparse"));
        assertEquals("copilot", c.toolIn("GitHub Copilot with GPT-4o"));
        assertEquals("chatgpt", c.toolIn("ChatGPTv5"));
        assertEquals(null, c.toolIn("generic LLM chatbot"));
    }

    @Test
    void literalHintsAreSafePrefixes() {
        assertEquals("Generated with [Claude Code](https://claude.", CatalogueReader.literalHint(
                "Generated with \\[Claude Code\\]\\(https://claude\\.(?:ai/code|com/claude-code)\\)"));
        assertEquals("https://chatgpt.com/codex/tasks/task_", CatalogueReader.literalHint("https://chatgpt\\.com/codex/tasks/task_[a-z]_"));
        assertEquals("Generated with ", CatalogueReader.literalHint("Generated with \\[?opencode\\b"));
        assertEquals(null, CatalogueReader.literalHint("(?i)\\bcopilot\\b"), "case-insensitive");
        assertEquals(null, CatalogueReader.literalHint("abc|defg"), "alternation");
        assertEquals(null, CatalogueReader.literalHint("\\bWindsurf\\b"), "starts with an operator");
        assertEquals("Cursor", CatalogueReader.literalHint("Cursors?"));
    }
}
