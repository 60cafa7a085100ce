package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.Memberships;
import dev.aigate.snapshot.PullRequestKey;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.RepoRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An extra catalogue file: same format, as strictly validated, merged, and named in every result. */
class CatalogueExtensionTest {

    private static final String ACME = """
            catalogue_name: acme
            catalogue_version: "3"
            tool_aliases:
              acme: [acme codegen]
            bots:
              - { id: agent.acme-codegen, kind: agent, tool: acme, source: "in-house", logins: ["acme-codegen[bot]"], ids: [424242] }
            emails:
              - { id: email.acme, tier: T1, tool: acme, match: domain, value: "agents.acme.dev", source: "in-house" }
            markers:
              - { id: body.acme-footer, tier: T1, tool: acme, scope: body, literal: "Written by Acme Codegen", source: "in-house" }
            """;

    private static PullRequestSnapshot pr(Actor author, String body) {
        return new PullRequestSnapshot(new PullRequestKey(1, new RepoRef("acme", "app"), 3), "t", body, author, "open",
                false, new BranchRef("feature/x", "f".repeat(40), "acme/app"), new BranchRef("main", "e".repeat(40), "acme/app"),
                List.of(), 1, 1, 0, 0, List.of(), false, List.of(), false, List.of(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Memberships.EMPTY);
    }

    @Test
    void mergedSignalsClassifyAndTheVersionNamesBoth() {
        SignalCatalogue c = SignalCatalogue.builtIn().extend(ACME, "acme-signals.yml", SignalCatalogue.Trust.REPOSITORY);
        assertEquals(SignalCatalogue.builtIn().version() + " + acme 3", c.version());
        ProvenanceClassifier classifier = new ProvenanceClassifier(c);
        ProvenanceResult agent = classifier.classify(pr(new Actor("acme-codegen[bot]", 0, "Bot"), ""), ProvenanceSettings.DEFAULT);
        assertEquals(ProvenanceClass.AGENT, agent.provenanceClass());
        assertEquals("catalogue " + agent.catalogueVersion(), "catalogue " + SignalCatalogue.builtIn().version() + " + acme 3");
        ProvenanceResult footer = classifier.classify(pr(new Actor("alice", 1, "User"), "Done.\n\nWritten by Acme Codegen"),
                ProvenanceSettings.DEFAULT);
        assertEquals(ProvenanceClass.ASSISTED, footer.provenanceClass());
        assertEquals(java.util.Set.of("acme"), footer.tools());
        // The built-in signals still work through the merged catalogue.
        assertEquals(ProvenanceClass.AGENT, classifier.classify(pr(new Actor("claude[bot]", 209825114, "Bot"), ""),
                ProvenanceSettings.DEFAULT).provenanceClass());
        // And the built-in catalogue is unchanged.
        assertFalse(SignalCatalogue.builtIn().signal("agent.acme-codegen").isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            id used by the built-in        | 'id: body.acme-footer'                 | 'id: body.cursor-footer'           | 10:5  | id 'body.cursor-footer' is used twice
            login of a built-in agent      | 'logins: ["acme-codegen[bot]"]'        | 'logins: ["Copilot"]'              | 6:5   | login 'copilot' is also listed by agent.copilot
            bot id of a built-in agent     | 'ids: [424242]'                        | 'ids: [198982749]'                 | 6:5   | id 198982749 is also listed by agent.copilot
            unknown key                    | 'source: "in-house", logins'           | 'sauce: "in-house", logins'        | 6:5   | unknown key 'sauce'
            a section only the built-in has| 'catalogue_version: "3"'               | 'catalogue_version: "3"\nnegative_values: x' | 1:1 | unknown key 'negative_values'
            no name                        | 'catalogue_name: acme'                 | 'catalogue_nam: acme'              | 1:1   | unknown key 'catalogue_nam'
            T0 outside bots                | 'tier: T1, tool: acme, scope'          | 'tier: T0, tool: acme, scope'      | 10:5  | reserved for bot accounts
            bad YAML                       | 'markers:'                             | 'markers: ['                       | 10:    | not valid YAML
            """)
    void anInvalidFileFailsAtFileLineCol(String what, String from, String to, String at, String message) {
        String broken = ACME.replace(from, to.replace("\\n", "\n"));
        assertFalse(broken.equals(ACME), "the mutation applies: " + what);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignalCatalogue.builtIn().extend(broken, "acme-signals.yml", SignalCatalogue.Trust.OPERATOR));
        assertTrue(e.getMessage().startsWith("signal catalogue acme-signals.yml:" + at), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aRepositoryFileHoldsNoRegularExpressionsButTheOperatorsMay() {
        String regex = ACME.replace("literal: \"Written by Acme Codegen\"", "regex: 'Written by Acme \\\\w+'");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignalCatalogue.builtIn().extend(regex, "ai-gate-signals.yml", SignalCatalogue.Trust.REPOSITORY));
        assertTrue(e.getMessage().startsWith("signal catalogue ai-gate-signals.yml:10:"), e.getMessage());
        assertTrue(e.getMessage().contains("may not hold regular expressions"), e.getMessage());
        SignalCatalogue c = SignalCatalogue.builtIn().extend(regex, "acme.yml", SignalCatalogue.Trust.OPERATOR);
        assertTrue(c.signal("body.acme-footer").isPresent());
    }

    @Test
    void anOperatorRegexIsStillBounded() {
        String huge = ACME.replace("literal: \"Written by Acme Codegen\"", "regex: '((a{1000}){1000}){1000}'");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignalCatalogue.builtIn().extend(huge, "acme.yml", SignalCatalogue.Trust.OPERATOR));
        assertTrue(e.getMessage().startsWith("signal catalogue acme.yml:10:"), e.getMessage());
    }

    @Test
    void anOversizedFileIsRefusedBeforeParsing() {
        String big = ACME + "#" + "x".repeat(SignalCatalogue.MAX_EXTRA_BYTES) + "\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignalCatalogue.builtIn().extend(big, "acme.yml", SignalCatalogue.Trust.REPOSITORY));
        assertEquals("signal catalogue acme.yml:1:1: larger than 256 KiB", e.getMessage());
    }

    @Test
    void builtInProblemsAreLocatedToo() {
        String bad = """
                catalogue_version: "1"
                bots:
                  - { id: agent.x, kind: robot, source: "s", logins: ["x[bot]"] }
                emails: []
                coauthor_keys: ["Co-authored-by"]
                trailers: []
                negative_values: 'none'
                markers: []
                disclosure: { id: declared.a, line_id: declared.b, ai: 'AI', affirm: 'used', deny: 'not', line: 'x', source: s }
                """;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignalCatalogue.parse(bad, "bad.yml"));
        assertTrue(e.getMessage().startsWith("signal catalogue bad.yml:3:5: bots[0]"), e.getMessage());
    }

    @Test
    void anExtraFileNamesItsAgentsApp() {
        SignalCatalogue c = SignalCatalogue.builtIn().extend("""
                catalogue_name: acme
                catalogue_version: "4"
                bots:
                  - { id: agent.acme-codegen, kind: agent, tool: acme, source: "in-house", logins: ["acme-codegen[bot]"],
                      app_slugs: [acme-codegen-app], app_ids: [777001] }
                """, "ai-gate-signals.yml", SignalCatalogue.Trust.REPOSITORY);
        assertEquals("agent.acme-codegen", c.botByApp("acme-codegen-app", 0).signal().id());
        assertEquals("agent.acme-codegen", c.botByApp("renamed", 777001).signal().id(), "the App id survives a rename");
        assertEquals("agent.jules", c.botByApp("x", 842251).signal().id(), "the built-in Apps stay");
        assertEquals("agent.cline", c.botByApp("cline", 0).signal().id(), "an App listed only by its bot login");
        assertEquals(null, c.botByApp("acme-deployer", 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{ id: reviewer.acme, kind: reviewer, source: s, logins: ['acme-review[bot]'], app_slugs: [acme-review] }|4:5|app_slugs and app_ids are only for AI agents",
            "{ id: agent.acme, kind: agent, source: s, logins: ['acme[bot]'], app_slugs: [claude] }|4:5|App slug 'claude' is also listed by agent.claude",
            "{ id: agent.acme, kind: agent, source: s, logins: ['acme[bot]'], app_ids: [842251] }|4:5|App id 842251 is also listed by agent.jules",
            "{ id: agent.acme, kind: agent, source: s, logins: ['acme[bot]'], app_slugs: [Acme_App] }|4:5|app_slugs must be App slugs",
            "{ id: agent.acme, kind: agent, source: s, logins: ['acme[bot]'], app_ids: [-3] }|4:5|app_ids must be positive numeric App ids",
    })
    void appEntriesAreValidatedWithTheirPlace(String entry, String at, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignalCatalogue.builtIn().extend(
                "catalogue_name: acme\ncatalogue_version: \"4\"\nbots:\n  - " + entry + "\n", "ai-gate-signals.yml",
                SignalCatalogue.Trust.REPOSITORY));
        assertTrue(e.getMessage().startsWith("signal catalogue ai-gate-signals.yml:" + at + ": bots[0]"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void theOrganisationsFileMergesAfterTheOperatorsAndEveryResultNamesAllThree() {
        SignalCatalogue operator = SignalCatalogue.builtIn().extend(ACME, "acme-signals.yml", SignalCatalogue.Trust.OPERATOR);
        ProvenanceClassifier classifier = new ProvenanceClassifier(operator);
        PullRequestSnapshot pr = pr(new Actor("alice", 1, "User"), "Written by Acme Codegen\n\nOpened by Octo Agent")
                .withOrgSignals(Optional.of(new dev.aigate.snapshot.PolicyFile(dev.aigate.snapshot.PolicyFile.Origin.ORGANIZATION,
                        "acme/.github:ai-gate-signals.yml", "ai-gate-signals.yml", """
                        catalogue_name: acme-org
                        catalogue_version: "7"
                        markers:
                          - { id: body.octo-footer, tier: T1, tool: octo, scope: body, literal: "Opened by Octo Agent", source: "in-house" }
                        """)));
        ProvenanceResult r = classifier.classify(pr, ProvenanceSettings.DEFAULT);
        assertEquals(SignalCatalogue.builtIn().version() + " + acme 3 + acme-org 7", r.catalogueVersion());
        assertEquals(java.util.Set.of("acme", "octo"), r.tools());
        assertEquals(r, classifier.classify(pr, ProvenanceSettings.DEFAULT), "the merged catalogue is kept, the answer the same");
    }

    @Test
    void aHostileOrganisationFileIsIgnoredNotThrown() {
        StringBuilder laughs = new StringBuilder("catalogue_name: a\ncatalogue_version: \"1\"\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                laughs.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        String deep = "catalogue_name: a\ncatalogue_version: \"1\"\nbots: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        ProvenanceClassifier classifier = new ProvenanceClassifier(SignalCatalogue.builtIn());
        for (String text : new String[] {laughs.toString(), deep, "x".repeat(SignalCatalogue.MAX_EXTRA_BYTES + 1)}) {
            PullRequestSnapshot pr = pr(new Actor("claude[bot]", 209825114, "Bot"), "").withOrgSignals(Optional.of(
                    new dev.aigate.snapshot.PolicyFile(dev.aigate.snapshot.PolicyFile.Origin.ORGANIZATION,
                            "acme/.github:ai-gate-signals.yml", "ai-gate-signals.yml", text)));
            ProvenanceResult r = classifier.classify(pr, ProvenanceSettings.DEFAULT);
            assertEquals(ProvenanceClass.AGENT, r.provenanceClass());
            assertEquals(1, r.unavailable().size(), r.unavailable().toString());
            assertEquals(Unavailable.Kind.ORG_CATALOGUE, r.unavailable().get(0).kind());
            assertTrue(r.unavailable().get(0).reason().startsWith("acme/.github:ai-gate-signals.yml:"), r.unavailable().toString());
        }
    }
}
