package dev.aigate.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a problem found in an <em>extended</em> policy so that it carries its location and the
 * kind of problem but no text of that file. The extended file lives in another repository whose
 * readers may differ from the pull request's, and the check run is visible to anyone who can read
 * the pull request; a message such as "unknown key 'DB_URL'" or "must be a list, not 'postgres://…'"
 * would copy that repository's content into it.
 *
 * <p>It works by allow-list: a word survives only if it is a word of the parser's own message
 * templates, a key or value name of the policy language, or a location the reader already knows
 * (the chain of extended files). Everything else, including numbers, becomes {@code …}. Details a
 * library wrote (YAML, glob and regular-expression errors) are dropped whole.
 */
final class Withheld {

    static final String NOTE = " (details withheld: the file is in another repository; validate it there)";
    private static final Pattern TOKEN = Pattern.compile("[^\\s'\",;()]+");
    private static final List<String> LIBRARY_DETAIL = List.of("invalid YAML", "bad glob", "bad branch pattern",
            "bad regular expression", "type tags");
    private static final Set<String> WORDS = new HashSet<>(List.of((
            "a above access aliases all allowed always and any anyone app applies are as at be between block bot bound"
            + " branch cannot chain characters check checks class combine commits condition conditions contents count"
            + " cycle deeper define defined did duplicate each empty exactly exclusion exists expected expression"
            + " extended extends false files first fits fix flatten for forms from give glob globs go goes got half has"
            + " holds in include installed into invalid is it its key keys language least leave levels like limit line"
            + " lines list listed login longer look mapping may mean minimum maximum missing more move multiplying must"
            + " name named names needs negated nested nests never no not nothing number of on one only optional or org"
            + " out own path pattern permission plain policies policy problem problem(s) provenance put quote read reads"
            + " ref regex regular remove repo require requirement rule rules run see server sets share shared shown"
            + " size so something stay such syntax tag tags takes team teams text than that the them there this to top"
            + " top-level true two type under unique unknown unsupported use value values version wait what whole with"
            + " write you YAML GitHub ai-gate … -> details withheld file another repository validate directories"
            + " relative segments without control backslash letters digits ending outside"
            + " .yml .yaml .github .github/ owner owner/name tag commit SHA").split(" ")));

    static {
        for (List<String> keys : List.of(PolicyParser.TOP_KEYS, PolicyParser.PROVENANCE_KEYS, PolicyParser.SIZE_KEYS,
                PolicyParser.RULE_KEYS, PolicyParser.CONDITION_KEYS, PolicyParser.REQUIREMENT_KEYS,
                PolicyParser.APPROVAL_KEYS, PolicyParser.FROM_KEYS, PolicyParser.CODEOWNERS_KEYS, PolicyParser.TESTS_KEYS,
                PolicyParser.CHECK_KEYS, PolicyParser.DISCLOSURE_KEYS, PolicyParser.MAX_SIZE_KEYS, PolicyParser.RANGE_KEYS,
                PolicyParser.TEXT_KEYS, PolicyParser.AUTHOR_KEYS, PolicyParser.PROVENANCE_CLASSES, PolicyParser.EXCLUDES,
                PolicyParser.PERMISSIONS)) {
            WORDS.addAll(keys);
        }
        WORDS.addAll(List.of("observe", "enforce")); // the values of 'mode'
        for (int limit : new int[] {PolicyParser.MAX_CHARS, PolicyParser.MAX_DEPTH, PolicyParser.MAX_ALIASES,
                PolicyParser.MAX_EXTENDS_DEPTH, PolicyParser.MAX_PATTERN_CHARS}) {
            WORDS.add(String.valueOf(limit)); // the parser's own limits, not the file's values
        }
    }

    private Withheld() {
    }

    /**
     * The problem with every word that could come from the file replaced, and a note saying so when
     * anything was; {@code known} are locations to keep.
     */
    static PolicyProblem problem(PolicyProblem p, Set<String> known) {
        if (p.message().endsWith(NOTE)) {
            return p; // already rewritten one level down
        }
        String kept = message(p.message(), known);
        return kept.equals(p.message()) ? p : new PolicyProblem(p.file(), p.line(), p.column(), kept + NOTE);
    }

    static String message(String message, Set<String> known) {
        for (String kind : LIBRARY_DETAIL) {
            if (message.startsWith(kind)) {
                return kind;
            }
        }
        Matcher m = TOKEN.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(allowed(m.group(), known) ? m.group() : "…"));
        }
        m.appendTail(out);
        return out.toString().replaceAll("…(?:[\\s'\",;()]*…)+", "…");
    }

    private static boolean allowed(String token, Set<String> known) {
        if (known.contains(token) || WORDS.contains(token)) {
            return true;
        }
        String bare = token.replaceAll("[:.?!]+$", "");
        if (bare.isEmpty()) {
            return true; // punctuation only
        }
        if (WORDS.contains(bare) || known.contains(bare)) {
            return true;
        }
        // a schema path such as rules.require or provenance.agents
        for (String part : bare.split("\\.", -1)) {
            if (!WORDS.contains(part.replaceAll("\\[\\d+]$", ""))) {
                return false;
            }
        }
        return !bare.isEmpty();
    }
}
