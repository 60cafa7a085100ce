package dev.aigate.provenance;

import dev.aigate.provenance.SignalCatalogue.BranchPrefix;
import dev.aigate.provenance.SignalCatalogue.Disclosure;
import dev.aigate.provenance.SignalCatalogue.Marker;
import dev.aigate.provenance.SignalCatalogue.Scope;
import dev.aigate.snapshot.ChangedFile;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The signals of what people and tools write around the commits: the PR body (markers, mentions,
 * checkboxes, disclosure lines and headings, trailers in the description), the head branch, the
 * labels and the AI configuration files in the diff.
 */
final class TextSignals {

    private final SignalCatalogue catalogue;

    TextSignals(SignalCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    void body(String text, EvidenceCollector run) {
        if (text == null || text.isEmpty()) {
            return;
        }
        PullRequestBody body = new PullRequestBody(text);
        // A tool's footer quoted in code (maintainers quote them to ban them) is not tool output.
        String raw = PullRequestBody.withoutCode(body.raw());
        String visible = PullRequestBody.withoutCode(body.visible());
        marker(Scope.RAW_BODY, raw, run);
        marker(Scope.BODY, visible, run);
        if (raw != body.raw() || visible != body.visible()) {
            BodyDeclarations.quoted(catalogue, body, raw, visible, run.notes);
        }
        Disclosure d = catalogue.disclosure();
        if (visible.indexOf('[') >= 0) {
            Matcher m = PullRequestBody.TICKED.matcher(visible);
            while (m.find()) {
                String box = m.group(1).trim();
                if (!d.ai().matcher(box).find()) {
                    continue;
                }
                String where = "pr.body line " + PullRequestBody.lineOf(visible, m.start());
                if (d.no().matcher(box).find()) {
                    run.notes.add(where + ": ticked '" + EvidenceCollector.shorten(box)
                            + "' claims no AI use; a claim is recorded but cannot lower the class.");
                } else if (d.yes().matcher(box).find()) {
                    run.add(d.checkbox(), Tier.T2, catalogue.toolIn(box), where, "[x] " + box, true);
                }
            }
        }
        Matcher line = d.linePattern().matcher(visible);
        while (line.find()) {
            String answer = line.group(1).replaceAll("[*_`]", "").trim();
            String where = "pr.body line " + PullRequestBody.lineOf(visible, line.start());
            if (answer.isEmpty() || !Character.isLetterOrDigit(answer.codePointAt(0))) {
                continue;
            }
            if (catalogue.isNegative(answer) || d.no().matcher(answer).lookingAt()) {
                run.notes.add(where + ": '" + EvidenceCollector.shorten(line.group().trim())
                        + "' claims no AI use; a claim is recorded but cannot lower the class.");
            } else {
                run.add(d.line(), Tier.T2, catalogue.toolIn(answer), where, line.group().trim(), true);
            }
        }
        BodyDeclarations.read(catalogue, visible, new BodyDeclarations.Sink() {
            @Override
            public void declare(Signal s, String tool, String where, String matched) {
                run.add(s, Tier.T2, tool, where, matched, true);
            }

            @Override
            public void claim(String note) {
                run.notes.add(note);
            }
        });
    }

    private void marker(Scope scope, String text, EvidenceCollector run) {
        String lower = null;
        for (Marker m : catalogue.markers(scope)) {
            if (!m.needs().isEmpty()) {
                if (lower == null) {
                    lower = text.toLowerCase(Locale.ROOT);
                }
                if (!m.worthTrying(lower)) {
                    continue;
                }
            }
            int at = m.find(text);
            if (at >= 0) {
                run.add(m.signal(), "pr.body line " + PullRequestBody.lineOf(text, at), m.matched(text, at), true);
            }
        }
    }

    void branch(String ref, EvidenceCollector run, PolicySignals policy) {
        if (ref == null || ref.isEmpty()) {
            return;
        }
        String lower = ref.toLowerCase(Locale.ROOT);
        for (BranchPrefix p : catalogue.branchPrefixes()) {
            if (lower.startsWith(p.prefix())) {
                run.add(p.signal(), "head.ref", ref, true);
            }
        }
        for (String p : policy.branchPrefixes()) {
            if (lower.startsWith(p)) {
                run.add(PolicySignals.POLICY_BRANCH, "head.ref", ref, true);
                break;
            }
        }
    }

    void labels(List<String> labels, EvidenceCollector run, PolicySignals policy) {
        for (String label : labels) {
            String lower = label.toLowerCase(Locale.ROOT);
            Signal s = catalogue.label(lower);
            if (s != null) {
                run.add(s, "pr.labels", label, true);
            }
            if (lower.equals(policy.declaredLabel())) {
                run.add(PolicySignals.POLICY_LABEL, "pr.labels", label, true);
            }
        }
    }

    void files(List<ChangedFile> files, EvidenceCollector run) {
        Map<String, String> first = new LinkedHashMap<>();
        Map<String, Integer> count = new HashMap<>();
        Map<String, Signal> signals = new HashMap<>();
        for (ChangedFile f : files) {
            Signal s = configFile(f.filename());
            if (s == null && f.previousFilename() != null) {
                s = configFile(f.previousFilename());
            }
            if (s != null) {
                first.putIfAbsent(s.id(), f.filename());
                count.merge(s.id(), 1, Integer::sum);
                signals.putIfAbsent(s.id(), s);
            }
        }
        for (Map.Entry<String, String> e : first.entrySet()) {
            int n = count.get(e.getKey());
            run.add(signals.get(e.getKey()), "file " + e.getValue(),
                    e.getValue() + (n > 1 ? " (+" + (n - 1) + " more)" : ""), true);
        }
    }

    private Signal configFile(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        Signal s = catalogue.fileName(path, slash + 1);
        if (s != null) {
            return s;
        }
        List<BranchPrefix> prefixes = catalogue.fileNamePrefixes();
        for (int i = 0; i < prefixes.size(); i++) {
            if (path.startsWith(prefixes.get(i).prefix(), slash + 1)) {
                return prefixes.get(i).signal();
            }
        }
        int start = 0;
        while (start < slash) {
            int next = path.indexOf('/', start);
            if (next > start) {
                s = catalogue.fileDir(path, start, next);
                if (s != null) {
                    return s;
                }
            }
            start = next + 1;
        }
        return null;
    }
}
