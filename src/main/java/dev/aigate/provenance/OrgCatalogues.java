package dev.aigate.provenance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classifiers for organisation signal catalogues ({@code ai-gate-signals.yml} in an
 * organisation's {@code .github} repository), each the base catalogue extended by one file, parsed
 * once per location and text and kept for the most recent {@link #MAX} of them. A file that does
 * not validate is kept as its error, so that a broken file costs one parse, not one per evaluation.
 * Pure memory: no I/O, the same text always gives the same answer.
 */
final class OrgCatalogues {

    static final int MAX = 256;

    /** One file's outcome: a classifier on the extended catalogue, or why the file was ignored. */
    record Outcome(ProvenanceClassifier classifier, String error) {
    }

    private final SignalCatalogue base;
    private final Map<String, Outcome> byText = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > MAX;
        }
    };

    OrgCatalogues(SignalCatalogue base) {
        this.base = base;
    }

    Outcome get(String location, String text) {
        String key = location + '\u0000' + text;
        synchronized (byText) {
            Outcome known = byText.get(key);
            if (known != null) {
                return known;
            }
        }
        Outcome made;
        try {
            made = new Outcome(new ProvenanceClassifier(base.extend(text, location, SignalCatalogue.Trust.REPOSITORY), false),
                    null);
        } catch (RuntimeException e) {
            // A repository's file is hostile input: whatever it makes the reader throw, the evaluation goes on without it.
            String message = e.getMessage() == null ? "invalid (" + e.getClass().getSimpleName() + ")" : e.getMessage();
            made = new Outcome(null, message.startsWith("signal catalogue ") ? message.substring("signal catalogue ".length()) : message);
        }
        synchronized (byText) {
            byText.put(key, made);
        }
        return made;
    }
}
