package dev.aigate.checks;

import dev.aigate.policy.Evaluation;
import dev.aigate.policy.PolicyProblem;
import dev.aigate.policy.RequirementResult;
import dev.aigate.policy.RuleResult;
import dev.aigate.provenance.Evidence;
import dev.aigate.provenance.ProvenanceResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The long detail ({@code output.text}): the complete per-file lists, problems and evidence that the summary
 * showed only in part.
 */
final class LongDetail {

    /** Files per line when the long detail groups paths by directory. */
    static final int FILES_PER_LINE = 25;

    private LongDetail() {
    }

    /** Whether the long detail has anything the summary did not show in full. */
    static boolean needed(Evaluation e) {
        if (e.problems().size() > ProblemsSection.IN_SUMMARY) {
            return true;
        }
        if (e.provenance() != null && e.provenance().evidence().size() > EvidenceSection.ROWS_IN_SUMMARY) {
            return true;
        }
        for (RuleResult rule : e.rules()) {
            for (RequirementResult req : rule.requirements()) {
                if (rule.applied() && req.fileNotes().size() > FileNotesTable.IN_SUMMARY) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The complete per-file lists, problems and evidence, for {@code output.text}. */
    static void write(PullRequestResult r, MarkdownBudget md, String scope, int level) {
        Evaluation e = r.evaluation();
        String h = "#".repeat(level);
        String h2 = "#".repeat(level + 1);
        if (e.problems().size() > ProblemsSection.IN_SUMMARY) {
            if (md.append(h + " " + CheckRunText.SECTION_PROBLEMS + " (" + e.problems().size() + ")\n\n| Where | Problem |\n|---|---|\n")) {
                int i = 0;
                for (PolicyProblem p : ProblemsSection.sorted(e.problems())) {
                    if (!md.append("| " + Markdown.code(p.file() + ":" + p.line() + ":" + p.column(), 200) + " | "
                            + Markdown.text(p.message(), 500) + " |\n")) {
                        md.omit(scope + "policy problems " + (i + 1) + "–" + e.problems().size());
                        break;
                    }
                    i++;
                }
                md.close("\n");
            } else {
                md.omit(scope + "policy problems");
            }
        }
        boolean filesHeading = false;
        for (RuleResult rule : e.rules()) {
            if (!rule.applied()) {
                continue;
            }
            for (RequirementResult req : rule.requirements()) {
                List<RequirementResult.FileNote> notes = req.fileNotes();
                if (notes.size() <= FileNotesTable.IN_SUMMARY) {
                    continue;
                }
                String label = scope + "files for " + rule.name() + " · " + req.kind();
                String head = (filesHeading ? "" : h + " " + CheckRunText.SECTION_FILES + "\n\n")
                        + h2 + " " + Markdown.text(rule.name(), 100) + " · " + Markdown.text(req.kind(), 60) + " ("
                        + Markdown.plural(notes.size(), "file", "files") + ")\n\n";
                String shared = sharedMessage(notes);
                head += shared != null ? Markdown.text(shared, 500) + ":\n\n" : FileNotesTable.header(notes);
                if (!md.append(head)) {
                    md.omit(label + " (" + notes.size() + ")");
                    continue;
                }
                filesHeading = true;
                int done = shared != null ? filesByDirectory(notes, md) : fileTable(notes, md);
                if (done < notes.size()) {
                    md.omit(label + " " + (done + 1) + "–" + notes.size() + " of " + notes.size());
                }
                md.close("\n");
            }
        }
        ProvenanceResult p = e.provenance();
        if (p != null && p.evidence().size() > EvidenceSection.ROWS_IN_SUMMARY) {
            if (md.append(h + " " + CheckRunText.SECTION_ALL_EVIDENCE + " (" + Markdown.count(p.evidence().size())
                    + " signals)\n\n" + EvidenceSection.header())) {
                int i = 0;
                for (Evidence x : p.evidence()) {
                    if (!md.append(EvidenceSection.row(x))) {
                        md.omit(scope + "evidence rows " + (i + 1) + "–" + p.evidence().size());
                        break;
                    }
                    i++;
                }
                md.close("\n");
            } else {
                md.omit(scope + "evidence (" + p.evidence().size() + " signals)");
            }
        }
    }

    /** The message every note shares when none points at a particular line; else null. */
    private static String sharedMessage(List<RequirementResult.FileNote> notes) {
        String first = FileNoteText.message(notes.get(0));
        for (RequirementResult.FileNote n : notes) {
            if (n.line() > 1 || !java.util.Objects.equals(first, FileNoteText.message(n))) {
                return null;
            }
        }
        return first;
    }

    private static int fileTable(List<RequirementResult.FileNote> notes, MarkdownBudget md) {
        int done = 0;
        boolean lines = FileNotesTable.hasLines(notes);
        for (RequirementResult.FileNote n : notes) {
            if (!md.append(FileNotesTable.row(n, lines))) {
                break;
            }
            done++;
        }
        return done;
    }

    /**
     * Paths grouped by directory, one line per {@value #FILES_PER_LINE} files: a third of the bytes of
     * a table, so that thousands of files still fit, and easier to scan.
     */
    private static int filesByDirectory(List<RequirementResult.FileNote> notes, MarkdownBudget md) {
        java.util.Map<String, List<String>> byDir = new java.util.LinkedHashMap<>();
        for (RequirementResult.FileNote n : notes) {
            String p = n.path() == null ? "" : n.path();
            int slash = p.lastIndexOf('/');
            byDir.computeIfAbsent(slash < 0 ? "" : p.substring(0, slash + 1), k -> new ArrayList<>())
                    .add(p.substring(slash + 1));
        }
        int done = 0;
        for (java.util.Map.Entry<String, List<String>> d : byDir.entrySet()) {
            List<String> names = d.getValue();
            for (int from = 0; from < names.size(); from += FILES_PER_LINE) {
                List<String> chunk = names.subList(from, Math.min(names.size(), from + FILES_PER_LINE));
                StringBuilder line = new StringBuilder("- ");
                line.append(d.getKey().isEmpty() ? "(repository root)" : Markdown.code(d.getKey(), 200)).append(' ');
                for (int i = 0; i < chunk.size(); i++) {
                    line.append(i == 0 ? "" : ", ").append(Markdown.text(chunk.get(i), 200));
                }
                if (!md.append(line.append('\n').toString())) {
                    return done;
                }
                done += chunk.size();
            }
        }
        return done;
    }
}
