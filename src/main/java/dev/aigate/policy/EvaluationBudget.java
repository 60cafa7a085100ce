package dev.aigate.policy;

import com.google.re2j.Pattern;
import dev.aigate.patterns.RegexBounds;
import dev.aigate.patterns.Steps;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How much work one evaluation of a policy may do before it fails closed, so that one
 * repository's policy cannot hold a worker that other repositories' pull requests wait for.
 *
 * <p>Work is counted in steps: a glob spends one per cell of its path table and per character it
 * compares, a regular expression one per character it reads times the size of its program (every
 * character steps every instruction that is live). The step limit makes the outcome the same on
 * every run; the time limit is a backstop measured on the clock the evaluator is given. Both are
 * checked inside matching, so even a single long match is stopped, within about
 * {@link #CHUNK} characters.
 *
 * @param time  the longest an evaluation may take
 * @param steps the most steps an evaluation may spend
 */
public record EvaluationBudget(Duration time, long steps) {

    /** The default time limit ({@code aigate.evaluation.budget}). */
    public static final Duration DEFAULT_TIME = Duration.ofSeconds(5);
    /** The default step limit: far above what 3,000 files and 50 rules cost, far below minutes of work. */
    public static final long DEFAULT_STEPS = 1_000_000_000L;
    public static final EvaluationBudget DEFAULT = new EvaluationBudget(DEFAULT_TIME, DEFAULT_STEPS);
    /** Characters a guarded text lets a matcher read between two checks of the budget. */
    static final int CHUNK = 1024;
    /** The most steps a text may cost to be charged in full up front instead of character by character. */
    static final int DIRECT_STEPS = 16_384;
    /** Calls to {@link Meter#spend} between two readings of the clock, at most. */
    static final int CLOCK_EVERY = 64;

    public EvaluationBudget {
        if (time == null || time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("the evaluation budget must be a positive duration, e.g. 5s; got " + time);
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("the evaluation step budget must be positive; got " + steps);
        }
    }

    /** A budget that starts now on {@code nanoClock}. */
    Meter start(LongSupplier nanoClock) {
        return new Meter(this, nanoClock);
    }

    /**
     * What an evaluation that ran out had spent, and in which rule (null: before any rule).
     *
     * @param limitMillis the time limit
     * @param limitSteps  the step limit
     * @param spentMillis the time spent when it stopped
     * @param spentSteps  the steps spent when it stopped
     * @param rule        the rule being evaluated, or null
     */
    public record Exceeded(long limitMillis, long limitSteps, long spentMillis, long spentSteps, String rule) {
    }

    /** Thrown from inside matching when the budget runs out; {@link GateEvaluator} turns it into a verdict. */
    static final class Exhausted extends RuntimeException {
        final Exceeded exceeded;

        Exhausted(Exceeded exceeded) {
            super("evaluation budget exhausted", null, false, false);
            this.exceeded = exceeded;
        }
    }

    /** The running count for one evaluation. Not thread-safe: one evaluation runs on one thread. */
    static final class Meter implements Steps {
        private final EvaluationBudget budget;
        private final LongSupplier clock;
        private final long started;
        private final long deadline;
        private final Map<Pattern, Integer> weights = new IdentityHashMap<>();
        private long spent;
        private long nextClockCheck;
        private int calls;
        private String rule;

        private Meter(EvaluationBudget budget, LongSupplier clock) {
            this.budget = budget;
            this.clock = clock;
            this.started = clock.getAsLong();
            long nanos = budget.time().toNanos();
            this.deadline = started + nanos;
        }

        /** Names the rule the following work is for, and checks the budget. */
        void rule(String name) {
            rule = name;
            spend(0);
        }

        /** Counts steps; the clock is read every {@link #CLOCK_EVERY} calls or {@link #CHUNK} steps, not on each. */
        @Override
        public void spend(long steps) {
            spent += steps;
            if (spent < 0 || spent > budget.steps()) {
                throw exhausted();
            }
            if (++calls >= CLOCK_EVERY || spent >= nextClockCheck || steps == 0) {
                calls = 0;
                nextClockCheck = spent + CHUNK;
                if (clock.getAsLong() - deadline > 0) {
                    throw exhausted();
                }
            }
        }

        private Exhausted exhausted() {
            return new Exhausted(new Exceeded(budget.time().toMillis(), budget.steps(),
                    Duration.ofNanos(clock.getAsLong() - started).toMillis(), spent, rule));
        }

        long spent() {
            return spent;
        }

        /** Whether the pattern occurs in the text, counting the characters it reads. */
        boolean find(Pattern p, String text) {
            return match(p, text, false);
        }

        /** Whether the pattern matches the whole text, counting the characters it reads. */
        boolean matchesWhole(Pattern p, String text) {
            return match(p, text, true);
        }

        private boolean match(Pattern p, String text, boolean whole) {
            int weight = weight(p);
            Guarded guarded = chargedUpFront(text, weight) ? null : new Guarded(text, this, weight);
            try {
                com.google.re2j.Matcher m = p.matcher(guarded == null ? text : guarded);
                return whole ? m.matches() : m.find();
            } finally {
                if (guarded != null) {
                    guarded.flush();
                }
            }
        }

        /**
         * A short text (a path, a title) cannot make a match slow, so it is charged in full before the match and
         * matched as the {@code String} it is: the counting wrapper costs more than such a match, and keeps RE2J
         * off its {@code String} path. Long texts (bodies, commit messages) are read through {@link Guarded}.
         */
        private boolean chargedUpFront(String text, int weight) {
            if (text == null) {
                return false;
            }
            long cost = (long) text.length() * weight;
            if (cost > DIRECT_STEPS) {
                return false;
            }
            spend(cost);
            return true;
        }

        private int weight(Pattern p) {
            return weights.computeIfAbsent(p, k -> RegexBounds.size(k.pattern()));
        }
    }

    /** A text that reports to the meter every {@link #CHUNK} characters a matcher reads from it. */
    private static final class Guarded implements CharSequence {
        private final String text;
        private final Meter meter;
        private final int weight;
        private int reads;

        Guarded(String text, Meter meter, int weight) {
            this.text = text == null ? "" : text;
            this.meter = meter;
            this.weight = weight;
        }

        @Override
        public char charAt(int index) {
            if (++reads == CHUNK) {
                flush();
            }
            return text.charAt(index);
        }

        void flush() {
            long n = reads;
            reads = 0;
            meter.spend(n * weight);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
