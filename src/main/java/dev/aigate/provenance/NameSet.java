package dev.aigate.provenance;

import java.util.BitSet;
import java.util.Set;

/**
 * A set of names looked up by a slice of a longer string (a path segment), which rejects most
 * misses by length and first character before it cuts the slice out and hashes it.
 */
final class NameSet {

    private final Set<String> names;
    private final BitSet lengths = new BitSet(256);
    private final boolean[] firsts = new boolean[128];

    NameSet(Set<String> names) {
        this.names = Set.copyOf(names);
        for (String n : this.names) {
            lengths.set(Math.min(n.length(), 255));
            char c = n.charAt(0);
            if (c < 128) {
                firsts[c] = true;
            }
        }
    }

    /** Whether {@code text.substring(from, to)} is in the set. */
    boolean contains(String text, int from, int to) {
        int len = to - from;
        if (len <= 0 || !lengths.get(Math.min(len, 255))) {
            return false;
        }
        char c = text.charAt(from);
        if (c < 128 && !firsts[c]) {
            return false;
        }
        return names.contains(text.substring(from, to));
    }
}
