package dev.aigate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code validate --signals FILE}: an extra signal catalogue is checked like a policy, file:line:col. */
class ValidateSignalsTest {

    @TempDir
    Path dir;

    private static ValidateRun run(String... args) {
        return ValidateRun.of(args);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static final String ACME = """
            catalogue_name: acme
            catalogue_version: "3"
            bots:
              - { id: agent.acme-codegen, kind: agent, tool: acme, source: "in-house", logins: ["acme-codegen[bot]"] }
            markers:
              - { id: body.acme-footer, tier: T1, tool: acme, scope: body, literal: "Written by Acme Codegen", source: "in-house" }
            """;

    @Test
    void aValidFileNamesTheMergedCatalogue() throws IOException {
        Path f = write("acme-signals.yml", ACME);
        ValidateRun r = run("--signals", f.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith(f + ": ok (catalogue 20"), r.out());
        assertTrue(r.out().trim().endsWith(" + acme 3)"), r.out());
    }

    @Test
    void aProblemIsOneFileLineColLine() throws IOException {
        Path f = write("acme-signals.yml", ACME.replace("logins: [\"acme-codegen[bot]\"]", "logins: [\"claude[bot]\"]"));
        ValidateRun r = run("--signals", f.toString());
        assertEquals(1, r.code());
        assertEquals(f + ":4:5: bots[0] (agent.acme-codegen): login 'claude[bot]' is also listed by agent.claude",
                r.out().trim());
    }

    @Test
    void aRepositoryFileMayNotHoldRegularExpressions() throws IOException {
        Path f = write("ai-gate-signals.yml", ACME.replace("literal: \"Written by Acme Codegen\"", "regex: '(a+)+$'"));
        ValidateRun r = run("--signals", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith(f + ":6:"), r.out());
        assertTrue(r.out().contains("may not hold regular expressions"), r.out());
    }

    @Test
    void signalsAndPoliciesTogether() throws IOException {
        Path s = write("acme-signals.yml", ACME);
        Path p = write("ai-gate.yml", "version: 1\nrules: []\n");
        ValidateRun r = run("--signals", s.toString(), p.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains(p + ": ok (0 rules)"), r.out());
    }

    @Test
    void nothingToCheckIsACommandLineError() {
        assertEquals(2, run().code());
    }

    @Test
    void anOrganisationFileMayNameItsAgentsAppAndATakenSlugIsLocated() throws IOException {
        String withApp = ACME.replace("logins: [\"acme-codegen[bot]\"] }", "logins: [\"acme-codegen[bot]\"], app_slugs: [acme-codegen] }");
        Path ok = write("ai-gate-signals.yml", withApp);
        ValidateRun r = run("--signals", ok.toString());
        assertEquals(0, r.code(), r.out() + r.err());

        Path taken = write("ai-gate-signals.yml", withApp.replace("app_slugs: [acme-codegen]", "app_slugs: [copilot-swe-agent]"));
        r = run("--signals", taken.toString());
        assertEquals(1, r.code());
        assertEquals(taken + ":4:5: bots[0] (agent.acme-codegen): App slug 'copilot-swe-agent' is also listed by agent.copilot",
                r.out().trim());
    }
}
