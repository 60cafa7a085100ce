package dev.aigate.dashboard;

/** HTML escaping for text and attribute values: everything from a pull request or a database goes through it. */
final class Html {

    private Html() {
    }

    /** The details page's escaping (control characters and bidi overrides shown as U+FFFD): one rule for every page. */
    static String escape(String s) {
        return dev.aigate.web.WebPages.escape(s);
    }
}
