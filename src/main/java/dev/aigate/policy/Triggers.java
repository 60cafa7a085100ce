package dev.aigate.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.aigate.patterns.RegexBounds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a policy can react to and what an evaluation under it must read, from its predicates (as policy-bot's
 * trigger bit-set): a small enum set per condition and requirement, joined over the rules. The loader fetches
 * by {@link #fetches()}; ingress drops a finished check or status that no policy of the repository
 * {@link #watchesCheck watches}. It is kept in the store per repository and base branch, so every replica
 * decides from the same record, hence the plain-text {@link #encodeEvents()} and {@link #checks()}.
 *
 * @param events  the events that can change the outcome
 * @param fetches what the loader reads beyond the pull request, its files, commits and reviews
 * @param checks  the check runs and statuses the policy waits on: {@code =name} for a name, {@code ~regex} for
 *                a whole-name pattern
 */
public record Triggers(Set<Event> events, Set<Fetch> fetches, List<String> checks) {

    /** The events a policy can react to. */
    public enum Event {
        /** opened, edited, reopened, ready for review, a new base: every policy. */
        PULL_REQUEST,
        /** new commits: every policy (provenance reads them). */
        COMMIT,
        /** a review submitted, edited or dismissed. */
        REVIEW,
        /** a label added or removed. */
        LABEL,
        /** a check run or commit status finished. */
        CHECK
    }

    /** What the loader reads only when the policy can use it. */
    public enum Fetch {
        /** the head's check runs and combined status. */
        CHECKS,
        /** the base branch's CODEOWNERS. */
        CODEOWNERS,
        /** the base branch's {@code .gitattributes} (generated files leave size out). */
        GITATTRIBUTES,
        /** each reviewer's permission on the repository. */
        PERMISSIONS,
        /** the changes of older approved heads ({@code invalidate_on: diff_change}). */
        PATCHES
    }

    /** No policy, or one that does not parse (which fails closed whatever the checks say): watches nothing. */
    public static final Triggers NONE = new Triggers(EnumSet.noneOf(Event.class), EnumSet.noneOf(Fetch.class), List.of());

    private static final int MAX_COMPILED = 1_000;
    private static final Map<String, Pattern> COMPILED = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
                    return size() > MAX_COMPILED;
                }
            });

    public Triggers {
        events = events.isEmpty() ? EnumSet.noneOf(Event.class) : EnumSet.copyOf(events);
        fetches = fetches.isEmpty() ? EnumSet.noneOf(Fetch.class) : EnumSet.copyOf(fetches);
        events = Collections.unmodifiableSet(events);
        fetches = Collections.unmodifiableSet(fetches);
        checks = List.copyOf(checks);
    }

    public boolean reactsTo(Event event) {
        return events.contains(event);
    }

    public boolean needs(Fetch fetch) {
        return fetches.contains(fetch);
    }

    /**
     * Whether a finished check run or status can change the outcome; with {@code name} null (a check suite,
     * whose runs are not named), whether any can. The gate's own check run never counts.
     */
    public boolean watchesCheck(String name) {
        if (!reactsTo(Event.CHECK)) {
            return false;
        }
        if (name == null) {
            return true;
        }
        if (Requirement.Checks.OWN_CHECK.equals(name)) {
            return false;
        }
        for (String c : checks) {
            if (c.startsWith("=") ? c.substring(1).equals(name) : matchesWhole(c.substring(1), name)) {
                return true;
            }
        }
        return false;
    }

    /** A stored pattern that no longer compiles within bounds is taken to match: the event is evaluated, not lost. */
    private static boolean matchesWhole(String regex, String name) {
        Pattern p = COMPILED.get(regex);
        if (p == null) {
            if (regex.length() > PolicyParser.MAX_PATTERN_CHARS || RegexBounds.check(regex).isPresent()) {
                return true;
            }
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return true;
            }
            COMPILED.put(regex, p);
        }
        return p.matches(name);
    }

    /** The events as one comma-separated word list, for the store. */
    public String encodeEvents() {
        return String.join(",", events.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** The fetches as one comma-separated word list, for the store. */
    public String encodeFetches() {
        return String.join(",", fetches.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** Reads back what {@link #encodeEvents()}, {@link #encodeFetches()} and {@link #checks()} stored; unknown words are skipped. */
    public static Triggers decode(String events, String fetches, List<String> checks) {
        Set<Event> ev = EnumSet.noneOf(Event.class);
        for (String w : words(events)) {
            for (Event e : Event.values()) {
                if (e.name().equalsIgnoreCase(w)) {
                    ev.add(e);
                }
            }
        }
        Set<Fetch> fe = EnumSet.noneOf(Fetch.class);
        for (String w : words(fetches)) {
            for (Fetch f : Fetch.values()) {
                if (f.name().equalsIgnoreCase(w)) {
                    fe.add(f);
                }
            }
        }
        List<String> cs = new ArrayList<>();
        for (String c : checks) {
            if (c != null && (c.startsWith("=") || c.startsWith("~"))) {
                cs.add(c);
            }
        }
        return new Triggers(ev, fe, cs);
    }

    private static List<String> words(String list) {
        return list == null || list.isBlank() ? List.of() : List.of(list.strip().split("\\s*,\\s*"));
    }

    /** The triggers of one policy, from its rules. */
    static Triggers of(Policy policy) {
        Set<Event> events = EnumSet.of(Event.PULL_REQUEST, Event.COMMIT);
        Set<Fetch> fetches = EnumSet.noneOf(Fetch.class);
        List<String> checks = new ArrayList<>();
        if (!policy.sizeClasses().isEmpty()) {
            fetches.add(Fetch.GITATTRIBUTES);
        }
        if (policy.syncsLabels()) {
            events.add(Event.LABEL); // a label removed by hand is put back
        }
        for (Rule r : policy.rules()) {
            if (r.condition() != null) {
                condition(r.condition(), events, fetches);
            }
            for (Requirement q : r.requirements()) {
                requirement(q, events, fetches, checks);
            }
        }
        return new Triggers(events, fetches, checks);
    }

    private static void condition(Condition c, Set<Event> events, Set<Fetch> fetches) {
        if (c instanceof Condition.SizeIs || c instanceof Condition.ChangedLines || c instanceof Condition.ChangedFileCount) {
            fetches.add(Fetch.GITATTRIBUTES);
        } else if (c instanceof Condition.HasLabels) {
            events.add(Event.LABEL);
        } else if (c instanceof Condition.All all) {
            all.conditions().forEach(x -> condition(x, events, fetches));
        } else if (c instanceof Condition.Any any) {
            any.conditions().forEach(x -> condition(x, events, fetches));
        } else if (c instanceof Condition.Not not) {
            condition(not.condition(), events, fetches);
        }
        // the rest read the pull request's own fields and commits: PULL_REQUEST and COMMIT, which every policy has
    }

    private static void requirement(Requirement q, Set<Event> events, Set<Fetch> fetches, List<String> checks) {
        if (q instanceof Requirement.Approvals a) {
            events.add(Event.REVIEW);
            if (a.permission() != null) {
                fetches.add(Fetch.PERMISSIONS);
            }
            if (a.invalidateOn() == Requirement.Invalidation.DIFF_CHANGE) {
                fetches.add(Fetch.PATCHES);
            }
        } else if (q instanceof Requirement.Codeowners c) {
            events.add(Event.REVIEW);
            fetches.add(Fetch.CODEOWNERS);
            if (c.invalidateOn() == Requirement.Invalidation.DIFF_CHANGE) {
                fetches.add(Fetch.PATCHES);
            }
        } else if (q instanceof Requirement.Checks c) {
            events.add(Event.CHECK);
            fetches.add(Fetch.CHECKS);
            for (Requirement.CheckSpec spec : c.specs()) {
                checks.add(spec.name() != null ? "=" + spec.name() : "~" + spec.pattern().pattern());
            }
        } else if (q instanceof Requirement.Labels) {
            events.add(Event.LABEL);
        } else if (q instanceof Requirement.MaxSize) {
            fetches.add(Fetch.GITATTRIBUTES);
        }
        // tests and disclosure read the files, commits and body: PULL_REQUEST and COMMIT
    }
}
