package dev.aigate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private static ValidateRun run(String... args) {
        return ValidateRun.of(args);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void validFileExitsZero() throws IOException {
        Path ok = write("ok.yml", "version: 1\nrules:\n  - name: a\n    require: { approvals: 1 }\n");
        ValidateRun r = run(ok.toString());
        assertEquals(0, r.code());
        assertEquals(ok + ": ok (1 rule)\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void problemsArePrintedOnePerLineAsFileLineColAndExitOne() throws IOException {
        Path ok = write("ok.yml", "version: 1\nrules: []\n");
        Path bad = write("bad.yml", "version: 1\nrules:\n  - name: a\n    if: { draft: maybe }\n    require: { aprovals: 1 }\n");
        ValidateRun r = run(ok.toString(), bad.toString());
        assertEquals(1, r.code());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of(ok + ": ok (0 rules)",
                bad + ":4:18: 'draft' must be true or false, not 'maybe'",
                bad + ":5:16: unknown key 'aprovals' in 'require'; did you mean 'approvals'?"), lines);
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.matches(".+:\\d+:\\d+: .+"), line);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a failure detector: compiling the pattern would run for minutes and exhaust the heap
    void aPatternThatWouldCompileToAHugeProgramIsRefusedWithItsPosition() throws IOException {
        Path hostile = write("hostile.yml", "version: 1\nrules:\n  - name: a\n"
                + "    if: { body: { matches: \"((a{1000}){1000}){1000}\" } }\n    require: { approvals: 1 }\n");
        ValidateRun r = run(hostile.toString());
        assertEquals(1, r.code());
        assertEquals(List.of(hostile + ":4:39: 'body.matches': repetition too large: {1000} nested in {1000} multiplies to 1000000;"
                + " the limit is 1000 (RE2 copies each repetition out when it compiles)"), r.out().lines().toList());
    }

    @Test
    void missingFileIsAProblemToo() {
        Path missing = dir.resolve("nope.yml");
        ValidateRun r = run(missing.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith(missing + ":1:1: cannot read the file"), r.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().code());
        assertTrue(run().err().contains("usage: java -jar ai-gate.jar validate"));
        assertEquals(2, run("--bogus", "x.yml").code());
        assertEquals(2, run("--extends-dir").code());
        assertEquals(0, run("--help").code());
    }

    @Test
    void extendsIsNotedUnlessADirectoryResolvesIt() throws IOException {
        Path child = write("child.yml", "version: 1\nextends: acme/.github:policies/base.yml@main\nrules:\n  - name: a\n"
                + "    if: { size: [large] }\n    require: { approvals: 1 }\n");
        ValidateRun unchecked = run(child.toString());
        assertEquals(1, unchecked.code(), "the size class comes from the base, which was not read");
        assertTrue(unchecked.err().contains("note: extends acme/.github:policies/base.yml@main was not checked"));
        write("shared/acme/.github/policies/base.yml", "version: 1\nsize: { large: { min_lines: 500 } }\nrules: []\n");
        ValidateRun resolved = run("--extends-dir", dir.resolve("shared").toString(), child.toString());
        assertEquals(0, resolved.code(), resolved.out());
        assertEquals("", resolved.err());
    }

    @Test
    void listedInUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cli.usage(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("java -jar ai-gate.jar validate [--extends-dir DIR] FILE..."));
        assertTrue(Cli.isCommand("validate"));
    }
}
