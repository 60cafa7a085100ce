package dev.aigate.checks;

import dev.aigate.policy.Status;
import dev.aigate.policy.Verdict;

import java.util.Locale;

/**
 * Statuses and verdicts as people read them: icons and words.
 */
final class Outcomes {

    private Outcomes() {
    }

    static String statusIcon(Status s) {
        return switch (s) {
            case SATISFIED -> "✅";
            case PENDING -> "⏳";
            case FAILED -> "❌";
            default -> "➖";
        };
    }

    static String statusWord(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** A conclusion as words for people: "action required", not the API's {@code action_required}. */
    static String verdictWords(Verdict v) {
        return Conclusions.of(v).replace('_', ' ');
    }

    static String verdictIcon(Verdict v) {
        return switch (v) {
            case SUCCESS -> "✅";
            case FAILURE -> "❌";
            case ACTION_REQUIRED -> "⚠️";
            default -> "➖";
        };
    }
}
