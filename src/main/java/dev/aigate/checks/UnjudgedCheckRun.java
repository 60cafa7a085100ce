package dev.aigate.checks;
import dev.aigate.policy.Verdict;

import java.util.List;

/**
 * The check run when a pull request could not be judged at all (GitHub refused or failed a read): it fails
 * closed, says why, and shows the fix when one is known (a permission to add, as YAML).
 */
public final class UnjudgedCheckRun {

    public static final String TITLE = "Could not judge this pull request";
    public static final String HEADLINE = "❌ ai-gate could not judge this pull request";

    private UnjudgedCheckRun() {
    }

    /**
     * @param reason what failed, one line
     * @param advice what to do, one line of ai-gate's own Markdown; null when nothing specific is known
     * @param yaml   a snippet to add (e.g. a permissions block); null for none
     */
    public static CheckRunContent render(String reason, String advice, String yaml, String detailsUrl) {
        return render(reason, advice, yaml, detailsUrl,
                "The gate fails closed until a run succeeds: fix the cause, then re-run the workflow.");
    }

    /**
     * The App's check run for a pull request whose evaluation failed every attempt and was parked: the last error,
     * and how it runs again. Replaces an in-progress run the attempts left, and any older verdict on the head, which
     * may no longer hold.
     */
    public static CheckRunContent parked(String reason, int attempts, String detailsUrl) {
        return render(reason, null, null, detailsUrl, "The evaluation failed " + attempts + " times and has stopped"
                + " retrying. The gate fails closed until one succeeds: it runs again on the next push or review, on"
                + " **Re-run** here, or when an operator retries it (`ai-gate.jar parked --retry`).");
    }

    private static CheckRunContent render(String reason, String advice, String yaml, String detailsUrl, String retry) {
        StringBuilder md = new StringBuilder("## ").append(HEADLINE).append("\n\n").append(Markdown.text(reason, 1000)).append("\n\n");
        if (advice != null) {
            md.append(advice).append("\n\n"); // ai-gate's own words, not escaped
        }
        if (yaml != null) {
            md.append("```yaml\n").append(yaml.replace("`", "ˋ")).append("\n```\n\n");
        }
        md.append(retry).append('\n');
        return new CheckRunContent(CheckRunText.CHECK_NAME, Conclusions.of(Verdict.FAILURE), TITLE, md.toString(), null, List.of(), List.of(),
                detailsUrl);
    }
}
