package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.BranchRef;
import dev.aigate.snapshot.ChangedFile;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizeClassifierTest {

    private static final SizeClassifier SIZER = new SizeClassifier();
    private static final List<SizeClass> CLASSES = List.of(
            new SizeClass("small", null, 49, null, 5),
            new SizeClass("medium", null, 499, null, null),
            new SizeClass("large", 500, null, null, null));

    static PullRequestSnapshot pr(List<ChangedFile> files, String gitattributes, boolean truncated, int adds, int dels,
                                  int changedFiles) {
        return new PullRequestSnapshot(new PullRequestKey(1, new RepoRef("o", "r"), 1), "t", "", new Actor("a", 1, "User"),
                "open", false, new BranchRef("f", "1", "o/r"), new BranchRef("main", "2", "o/r"), List.of(), adds, dels,
                changedFiles, 1, files, truncated, List.of(), false, List.of(), List.of(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(gitattributes), Memberships.EMPTY);
    }

    static PullRequestSnapshot pr(List<ChangedFile> files, String gitattributes) {
        int adds = files.stream().mapToInt(ChangedFile::additions).sum();
        int dels = files.stream().mapToInt(ChangedFile::deletions).sum();
        return pr(files, gitattributes, false, adds, dels, files.size());
    }

    static ChangedFile file(String name, int adds, int dels) {
        return new ChangedFile(name, null, "modified", adds, dels);
    }

    @Test
    void lockfilesAndVendorAreReportedApart() {
        SizeResult r = SIZER.classify(pr(List.of(
                file("src/app.js", 30, 10),
                file("package-lock.json", 4000, 3000),
                file("web/yarn.lock", 200, 100),
                file("vendor/github.com/x/y/z.go", 900, 0),
                file("go.sum", 12, 4)), null), CLASSES);
        assertEquals(40, r.lines());
        assertEquals(1, r.files());
        assertEquals(8216, r.generatedLines());
        assertEquals(4, r.generatedFiles());
        assertEquals("small", r.sizeClass(), "size classes fit on the non-generated counts");
        assertTrue(r.complete());
    }

    @Test
    void renameCountsOnce() {
        SizeResult r = SIZER.classify(pr(List.of(
                new ChangedFile("src/new.txt", "src/old.txt", "renamed", 0, 0),
                new ChangedFile("src/new.txt", "src/old.txt", "renamed", 0, 0),
                new ChangedFile("src/b.txt", "src/a.txt", "renamed", 5, 5),
                new ChangedFile("README.md", null, "unchanged", 0, 0)), null), CLASSES);
        assertEquals(2, r.files());
        assertEquals(10, r.lines());
    }

    @Test
    void gitattributesMarkAndUnmark() {
        String attrs = """
                # generated clients
                /api/generated/** linguist-generated=true
                *.pb.go -linguist-generated
                docs/third_party/** linguist-vendored
                package-lock.json linguist-generated=false
                *.snap linguist-generated
                """;
        SizeResult r = SIZER.classify(pr(List.of(
                file("api/generated/client.ts", 1000, 0),
                file("api/handwritten.ts", 10, 0),
                file("proto/service.pb.go", 100, 0),
                file("docs/third_party/lib.js", 300, 0),
                file("package-lock.json", 50, 0),
                file("src/__snapshots__/view.test.js.snap", 70, 0)), attrs), CLASSES);
        assertEquals(10 + 100 + 50, r.lines(), "pb.go and the lockfile are unmarked by the repository");
        assertEquals(3, r.files());
        assertEquals(1000 + 300 + 70, r.generatedLines());
        assertEquals(3, r.generatedFiles());
        assertEquals("medium", r.sizeClass());
    }

    /** The same hostile patterns through the whole classifier; GeneratedFilesTest counts the steps they cost. */
    @Test
    void aHostileGitattributesPatternIsClassifiedLikeAnyOther() {
        String attrs = "*a*a*a*a*a*a*a*a*a*a*a*a*c*b linguist-generated\n"
                + "src/**/gen/**/*.g.ts linguist-generated\n"
                + "x/" + "*a".repeat(40) + " linguist-generated\n"; // past the wildcard limit: skipped, as git skips what it cannot read
        SizeResult r = SIZER.classify(pr(List.of(
                file("a".repeat(60) + "b", 10, 0),
                file("lib/" + "a".repeat(60) + "cb", 20, 0),
                file("src/a/gen/b/c/x.g.ts", 40, 0),
                file("x/" + "a".repeat(40), 80, 0)), attrs), CLASSES);
        assertEquals(20 + 40, r.generatedLines(), "the first pattern needs a 'c'; the over-long one is skipped");
        assertEquals(10 + 80, r.lines());
    }

    @Test
    void gitattributesPatternsDoNotCoverWhatIsInsideAMatchedDirectory() {
        SizeResult r = SIZER.classify(pr(List.of(file("gen/a.ts", 10, 0), file("gen", 20, 0), file("b/gen/c.ts", 40, 0)),
                "gen linguist-generated\n"), CLASSES);
        assertEquals(20, r.generatedLines(), "as git documents: use gen/** for the files inside");
    }

    @ParameterizedTest
    @CsvSource({
            "dist/app.min.js, true", "css/site.min.css, true", "pkg/api/api.pb.go, true", "gen/x_pb2.py, true",
            "lib/model.g.dart, true", "node_modules/a/index.js, true", "third_party/zlib/inflate.c, true",
            "Cargo.lock, true", "poetry.lock, true", "src/vendor.go, false", "src/main.go, false", "lockfile.md, false",
            "src/vendors/list.txt, false"})
    void builtInList(String path, boolean generated) {
        SizeResult r = SIZER.classify(pr(List.of(file(path, 7, 0)), null), List.of());
        assertEquals(generated ? 1 : 0, r.generatedFiles(), path);
        assertNull(r.sizeClass(), "no classes, no name");
    }

    @Test
    void truncatedListUsesThePullRequestTotals() {
        SizeResult r = SIZER.classify(pr(List.of(file("a.txt", 10, 0), file("yarn.lock", 100, 0)), null, true, 9000, 1000,
                3500), CLASSES);
        assertFalse(r.complete());
        assertEquals(10000 - 100, r.lines());
        assertEquals(3499, r.files());
        assertEquals("large", r.sizeClass());
    }

    @Test
    void firstFittingClassWins() {
        SizeResult r = SIZER.classify(pr(List.of(file("a.txt", 10, 0)), null), List.of(
                new SizeClass("tiny", null, 20, null, null), new SizeClass("small", null, 49, null, null)));
        assertEquals("tiny", r.sizeClass());
    }

    @Test
    void builtInListIsValid() {
        GeneratedFiles g = GeneratedFiles.builtIn();
        assertTrue(g.isGenerated("package-lock.json"));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> GeneratedFiles.parse("lockfiles: [a]\nvendor_dirs: []\ngenerated_names: ['[bad']\n", "g.yml"));
        assertTrue(e.getMessage().contains("bad glob"), e.getMessage());
    }

    @Test
    void globPrefiltersNeverRejectARealMatch() {
        for (String[] c : new String[][] {
                {"*.generated.*", "api.generated.ts", "true"}, {"*.generated.*", "api.gen.ts", "false"},
                {"zz_generated.*.go", "zz_generated.deepcopy.go", "true"}, {"*.[mM]in.js", "a.Min.js", "true"},
                {"package-lock.json", "package-lock.json", "true"},
                {"package-lock.json", "xpackage-lock.json", "false"}, {"a?c.txt", "abc.txt", "true"}}) {
            assertEquals(Boolean.parseBoolean(c[2]), dev.aigate.patterns.Glob.name(c[0]).matches(c[1]), c[0] + " vs " + c[1]);
        }
    }
}
