package dev.aigate.policy;

/** Counted nouns in the evaluator's sentences: "1 file", "2 files", never "1 files". */
final class Words {

    private Words() {
    }

    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** "line"/"lines" and "file"/"files", the nouns most sentences count. */
    static String lines(long n) {
        return count(n, "line", "lines");
    }

    static String files(long n) {
        return count(n, "file", "files");
    }
}
