package dev.aigate.policy;

import dev.aigate.snapshot.PatchFingerprint;
import dev.aigate.snapshot.PatchFingerprint.FilePatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The comparison of a pull request's own changes at an approved head and at the current head, case by
 * case: what a rebase, a merge of the base branch, a conflict resolution, a force-push and a rename do.
 */
class PatchDiffTest {

    /** The pull request's change to Parser.java when it was approved: one line replaced, one added. */
    static final String APPROVED = """
            @@ -10,7 +10,8 @@ class Parser {
                 int depth;
                 String name;
            
            -    int limit = 10;
            +    int limit = 100;
            +    int budget = 5;
            
                 Parser() {
                 }""";

    /** The same change after a rebase onto a base that added lines above and changed distant context. */
    static final String REBASED = """
            @@ -42,7 +42,8 @@ final class Parser {
                 long depth;
                 String name;
            
            -    int limit = 10;
            +    int limit = 100;
            +    int budget = 5;
            
                 Parser() {
                     super();""";

    /** After a rebase whose base changed the replaced line; the conflict was resolved keeping the pull request's value. */
    static final String CONFLICT_RESOLVED = """
            @@ -42,7 +42,8 @@ final class Parser {
                 int depth;
                 String name;
            
            -    int limit = 20;
            +    int limit = 100;
            +    int budget = 5;
            
                 Parser() {
                 }""";

    /** A force-push that changes one added line. */
    static final String ONE_LINE_CHANGED = """
            @@ -10,7 +10,8 @@ class Parser {
                 int depth;
                 String name;
            
            -    int limit = 10;
            +    int limit = 1000;
            +    int budget = 5;
            
                 Parser() {
                 }""";

    /** The same lines, moved into another part of the file. */
    static final String MOVED = """
            @@ -80,7 +80,8 @@ class Parser {
                 void reset() {
                     depth = 0;
            -    int limit = 10;
            +    int limit = 100;
            +    int budget = 5;
                 }
                 }""";

    /** After GitHub's update-branch merge of a base that changed lines far away: new offsets, same change. */
    static final String AFTER_UPDATE_BRANCH = """
            @@ -16,7 +16,8 @@ class Parser {
                 int depth;
                 String name;
            
            -    int limit = 10;
            +    int limit = 100;
            +    int budget = 5;
            
                 Parser() {
                 }
            """;

    static FilePatch modified(String path, String patch) {
        return new FilePatch(path, null, "modified", 3, "b1", patch);
    }

    /** A changed file GitHub gives no patch for (binary, or too large). */
    static FilePatch binary(String path) {
        return new FilePatch(path, null, "modified", 0, "blob", null);
    }

    static PatchFingerprint fp(FilePatch... files) {
        return PatchFingerprint.of(List.of(files));
    }

    static Stream<Arguments> cases() {
        FilePatch readme = new FilePatch("README.md", null, "modified", 1, "r1", "@@ -1 +1 @@\n-old\n+new");
        return Stream.of(
                Arguments.of("rebase with no change to the pull request's own lines",
                        fp(modified("Parser.java", APPROVED), readme), fp(readme, modified("Parser.java", REBASED)),
                        "same", List.of(), List.of(), List.of()),
                Arguments.of("rebase with a conflict resolution: the removed line is now the base's",
                        fp(modified("Parser.java", APPROVED)), fp(modified("Parser.java", CONFLICT_RESOLVED)),
                        "changed", List.of(), List.of(), List.of("Parser.java")),
                Arguments.of("force-push that changes one line",
                        fp(modified("Parser.java", APPROVED), readme), fp(modified("Parser.java", ONE_LINE_CHANGED), readme),
                        "changed", List.of(), List.of(), List.of("Parser.java")),
                Arguments.of("same lines moved elsewhere in the file",
                        fp(modified("Parser.java", APPROVED)), fp(modified("Parser.java", MOVED)),
                        "changed", List.of(), List.of(), List.of("Parser.java")),
                Arguments.of("update-branch merge of the base branch",
                        fp(modified("Parser.java", APPROVED)), fp(modified("Parser.java", AFTER_UPDATE_BRANCH)),
                        "same", List.of(), List.of(), List.of()),
                Arguments.of("a file added to the pull request",
                        fp(modified("Parser.java", APPROVED)), fp(modified("Parser.java", APPROVED), readme),
                        "changed", List.of("README.md"), List.of(), List.of()),
                Arguments.of("a file no longer changed by the pull request",
                        fp(modified("Parser.java", APPROVED), readme), fp(modified("Parser.java", APPROVED)),
                        "changed", List.of(), List.of("README.md"), List.of()),
                Arguments.of("renamed file with the same patch, after a rebase",
                        fp(new FilePatch("src/Lexer.java", "src/Parser.java", "renamed", 3, "b1", APPROVED)),
                        fp(new FilePatch("src/Lexer.java", "src/Parser.java", "renamed", 3, "b2", REBASED)),
                        "same", List.of(), List.of(), List.of()),
                Arguments.of("pure rename (no patch), unchanged",
                        fp(new FilePatch("b.txt", "a.txt", "renamed", 0, "blob1", null)),
                        fp(new FilePatch("b.txt", "a.txt", "renamed", 0, "blob1", null)),
                        "same", List.of(), List.of(), List.of()),
                Arguments.of("renamed from another file than when approved",
                        fp(new FilePatch("src/Lexer.java", "src/Parser.java", "renamed", 3, "b1", APPROVED)),
                        fp(new FilePatch("src/Lexer.java", "src/Old.java", "renamed", 3, "b1", APPROVED)),
                        "changed", List.of(), List.of(), List.of("src/Lexer.java")),
                Arguments.of("modified before, now renamed as well",
                        fp(modified("src/Parser.java", APPROVED)),
                        fp(new FilePatch("src/Lexer.java", "src/Parser.java", "renamed", 3, "b1", APPROVED)),
                        "changed", List.of("src/Lexer.java"), List.of("src/Parser.java"), List.of()),
                Arguments.of("a file without a patch (binary or too large) at the current head",
                        fp(modified("Parser.java", APPROVED), readme),
                        fp(modified("Parser.java", APPROVED), new FilePatch("README.md", null, "modified", 0, "r1", null)),
                        "unknown", List.of(), List.of(), List.of()),
                Arguments.of("GitHub's comparison lists as many files as it lists at most",
                        PatchFingerprint.unknown(PatchFingerprint.Gap.TOO_MANY_FILES, "300"), fp(readme),
                        "unknown", List.of(), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void comparesThePullRequestsOwnChanges(String name, PatchFingerprint approved, PatchFingerprint current, String outcome,
                                           List<String> added, List<String> removed, List<String> changed) {
        PatchDiff d = PatchDiff.compare(approved, current);
        assertEquals(outcome, d.outcome().id(), name);
        assertEquals(added, d.added(), name);
        assertEquals(removed, d.removed(), name);
        assertEquals(changed, d.changed(), name);
    }
}
