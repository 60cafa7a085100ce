package dev.aigate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Evaluates {@code tests}: when source files change, test files change too. */
final class TestsEvaluator {

    private TestsEvaluator() {
    }

    static RequirementResult evaluate(Requirement.Tests q, PullRequestFacts f) {
        boolean[] src = f.matches(q.whenChanged());
        boolean[] tst = f.matches(q.mustChange());
        List<String> sources = new ArrayList<>();
        List<String> tests = new ArrayList<>();
        for (int i = 0; i < src.length; i++) {
            boolean removed = "removed".equals(f.files.get(i).status());
            if (tst[i]) {
                if (!removed) {
                    tests.add(f.paths[i]);
                }
            } else if (src[i]) {
                sources.add(f.paths[i]);
            }
        }
        if (sources.isEmpty()) {
            RequirementFacts.Tests none = new RequirementFacts.Tests(q.whenChanged().toString(), q.mustChange().toString(),
                    0, tests.size(), 0, q.perFile());
            return new RequirementResult(q.kind(), none.status(), none, List.of(), List.of(), List.of(), q.line(), List.of());
        }
        List<RequirementResult.FileNote> notes = new ArrayList<>();
        int untested = 0;
        Set<String> testStems = testStems(tests);
        RequirementResult.FileNote.Note note = new RequirementResult.FileNote.Untested(q.mustChange().toString());
        for (String s : sources) {
            if (!testStems.contains(stem(s))) {
                untested++;
                if (notes.size() < Requirement.MAX_FILE_NOTES) {
                    notes.add(new RequirementResult.FileNote(s, 1, note));
                }
            }
        }
        RequirementFacts.Tests facts = new RequirementFacts.Tests(q.whenChanged().toString(), q.mustChange().toString(),
                sources.size(), tests.size(), untested, q.perFile());
        return new RequirementResult(q.kind(), facts.status(), facts, tests, List.of(), notes, q.line(), List.of());
    }

    /**
     * The names a changed test file can stand for: its base name before the first dot, lower
     * case, as is and without the usual test affixes, so that FooTest.java, FooTests.cs,
     * FooIT.java, test_foo.py, foo_test.go, foo_spec.rb and foo.test.ts all name "foo".
     * Built once per requirement, so matching is a set look-up per source file.
     */
    static Set<String> testStems(List<String> tests) {
        Set<String> stems = new java.util.HashSet<>();
        for (String t : tests) {
            String stem = stem(t);
            stems.add(stem);
            for (String prefix : TEST_PREFIXES) {
                if (stem.startsWith(prefix) && stem.length() > prefix.length()) {
                    stems.add(stem.substring(prefix.length()));
                }
            }
            for (String suffix : TEST_SUFFIXES) {
                if (stem.endsWith(suffix) && stem.length() > suffix.length()) {
                    stems.add(stem.substring(0, stem.length() - suffix.length()));
                }
            }
        }
        return stems;
    }

    private static final List<String> TEST_PREFIXES = List.of("test_", "test-", "test");
    private static final List<String> TEST_SUFFIXES = List.of("_tests", "_test", "-test", "tests", "test", "_spec", "-spec", "spec", "it");

    /** Whether one of the changed tests stands for this source file (see {@link #testStems}). */
    static boolean hasMatchingTest(String source, List<String> tests) {
        return testStems(tests).contains(stem(source));
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String stem(String path) {
        String b = baseName(path);
        int dot = b.indexOf('.');
        return (dot > 0 ? b.substring(0, dot) : b).toLowerCase(Locale.ROOT);
    }
}
