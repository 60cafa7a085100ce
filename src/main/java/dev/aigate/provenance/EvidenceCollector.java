package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.GitIdentity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One classification's evidence and notes as the signal readers find them: drops what the policy
 * switches off (counted in a note), reports each signal once per commit, lists at most
 * {@link #MAX_ROWS_PER_SIGNAL} rows per signal (counting the rest), and shortens matched text to
 * one line.
 */
final class EvidenceCollector {

    static final int MAX_MATCHED = 160;
    /** Rows listed per signal; further matches are counted in a note (a 250-commit agent PR). */
    static final int MAX_ROWS_PER_SIGNAL = 20;

    final PolicySignals policy;
    final List<Evidence> evidence = new ArrayList<>();
    final List<String> notes;
    private final Set<String> switchedOff;
    private final Map<String, Integer> suppressed = new LinkedHashMap<>();
    private final Map<String, Integer> rows = new HashMap<>();
    private final Map<String, Integer> unlisted = new LinkedHashMap<>();
    private Set<String> commitSignals;
    private boolean commitStrong;

    EvidenceCollector(PolicySignals policy, PolicySignals.Switches switches) {
        this.policy = policy;
        this.switchedOff = switches.off();
        this.notes = new ArrayList<>(switches.notes());
    }

    void add(Signal s, String where, String matched, boolean forgeable) {
        add(s, s.tier(), s.tool(), where, matched, forgeable);
    }

    void add(Signal s, Tier tier, String tool, String where, String matched, boolean forgeable) {
        if (switchedOff.contains(s.id())) {
            suppressed.merge(s.id(), 1, Integer::sum);
            return;
        }
        if (commitSignals != null) {
            if (!commitSignals.add(s.id() + '\u0000' + tool)) {
                return;
            }
            if (tier == Tier.T0 || tier == Tier.T1) {
                commitStrong = true;
            }
        }
        if (rows.merge(s.id(), 1, Integer::sum) > MAX_ROWS_PER_SIGNAL) {
            unlisted.merge(s.id(), 1, Integer::sum);
            return;
        }
        evidence.add(new Evidence(tier, s.id(), tool, where, shorten(matched), forgeable));
    }

    void beginCommit() {
        commitSignals = new HashSet<>();
        commitStrong = false;
    }

    /** Ends a commit; returns whether it carried a strong (T0/T1) marker. */
    boolean endCommit() {
        commitSignals = null;
        return commitStrong;
    }

    void finishSuppressed() {
        unlisted.forEach((id, n) -> notes.add("Signal " + id + " matched " + n + " more "
                + (n == 1 ? "time" : "times") + " than the " + MAX_ROWS_PER_SIGNAL + " listed."));
        suppressed.forEach((id, n) -> notes.add("Signal " + id + " matched " + n + (n == 1 ? " time" : " times")
                + " but the policy switches it off."));
    }

    static String describe(Actor a) {
        String login = a.login() == null ? "?" : a.login();
        return a.id() == 0 ? login : login + " (id " + a.id() + (a.type() == null ? "" : ", " + a.type()) + ")";
    }

    static String text(Object shown) {
        return shown instanceof GitIdentity id ? format(id) : String.valueOf(shown);
    }

    static String format(GitIdentity id) {
        return (id.name() == null ? "" : id.name()) + " <" + (id.email() == null ? "" : id.email()) + ">";
    }

    static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }

    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replace('\n', ' ').replace('\r', ' ').trim();
        return oneLine.length() <= MAX_MATCHED ? oneLine : oneLine.substring(0, MAX_MATCHED - 1) + "…";
    }
}
