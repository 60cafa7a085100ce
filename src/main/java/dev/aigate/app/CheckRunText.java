package dev.aigate.app;

import dev.aigate.github.CheckRunOutput;
import dev.aigate.policy.Evaluation;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.policy.Status;
import dev.aigate.provenance.Evidence;

import java.util.ArrayList;
import java.util.List;

/** Turns the result tree into check-run text: verdict and next step first, then the evidence. */
public final class CheckRunText {

    private CheckRunText() {
    }

    public static CheckRunOutput render(Evaluation e) {
        List<String> todo = new ArrayList<>();
        for (RuleResult rule : e.rules()) {
            for (RequirementResult req : rule.requirements()) {
                if (req.status() != Status.SATISFIED && req.status() != Status.SKIPPED && !req.howToSatisfy().isEmpty()) {
                    todo.add(req.howToSatisfy());
                }
            }
        }
        String title = switch (e.policyState()) {
            case NONE -> "No ai-gate policy applies";
            case INVALID -> "Policy error: " + e.problems().get(0).format();
            case LOADED -> todo.isEmpty() ? "All requirements met" : String.join(" · ", todo);
        };
        StringBuilder md = new StringBuilder();
        if (e.provenance() != null) {
            md.append("**Provenance:** `").append(e.provenance().provenanceClass().id()).append('`');
            if (e.provenance().evidence().isEmpty()) {
                md.append(" (no AI markers found; this does not mean a human wrote it)");
            }
            md.append("\n\n");
            if (!e.provenance().evidence().isEmpty()) {
                md.append("| Signal | Tier | Where | Matched | Forgeable |\n|---|---|---|---|---|\n");
                for (Evidence ev : e.provenance().evidence()) {
                    md.append("| ").append(ev.signalId()).append(" | ").append(ev.tier()).append(" | ")
                            .append(ev.location()).append(" | `").append(ev.matchedText().replace("|", "\\|").replace("`", "'"))
                            .append("` | ").append(ev.forgeable() ? "yes" : "no").append(" |\n");
                }
                md.append('\n');
            }
        }
        if (e.size() != null) {
            md.append("**Size:** ").append(e.size().lines()).append(" lines in ").append(e.size().files()).append(" files")
                    .append(e.size().sizeClass() == null ? "" : " (" + e.size().sizeClass() + ")").append("\n\n");
        }
        for (RuleResult rule : e.rules()) {
            md.append("### ").append(rule.name()).append(" — ").append(rule.status().name().toLowerCase()).append('\n')
                    .append(rule.why()).append("\n\n");
            for (RequirementResult req : rule.requirements()) {
                md.append("- **").append(req.kind()).append("** ").append(req.status().name().toLowerCase())
                        .append(": ").append(req.detail());
                if (!req.howToSatisfy().isEmpty()) {
                    md.append(". ").append(req.howToSatisfy());
                }
                md.append('\n');
            }
        }
        e.problems().forEach(p -> md.append("- `").append(p.format()).append("`\n"));
        e.notes().forEach(n -> md.append("\n> ").append(n).append('\n'));
        return new CheckRunOutput(e.verdict().conclusion(), title, md.toString(), null, List.of(), List.of(), null);
    }
}
