package dev.aigate.policy;

import dev.aigate.snapshot.ChangedFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluates {@code codeowners}: for every changed path that has owners, an approval from one of them. */
final class CodeownersEvaluator {

    private CodeownersEvaluator() {
    }

    static RequirementResult evaluate(Requirement.Codeowners q, PullRequestFacts f) {
        if (f.pr.codeowners().isEmpty()) {
            RequirementFacts.Codeowners none = RequirementFacts.Codeowners.noFile();
            return new RequirementResult(q.kind(), none.status(), none, List.of(), List.of(), List.of(), q.line(), List.of());
        }
        CodeOwners owners = f.codeOwners();
        List<RequirementResult.Exclusion> excluded = new ArrayList<>();
        List<RequirementResult.Carried> carried = new ArrayList<>();
        List<String> approvers = ApprovalCounting.counted(f, q.exclude(), q.invalidateOn(), r -> null, excluded, carried).stream()
                .map(r -> r.reviewer().normalizedLogin()).toList();
        Map<List<String>, Boolean> groupOk = new LinkedHashMap<>();
        Set<String> counted = new LinkedHashSet<>();
        List<RequirementResult.FileNote> notes = new ArrayList<>();
        Set<String> unapprovedOwners = new LinkedHashSet<>();
        int unowned = 0;
        int waiting = 0;
        for (ChangedFile file : f.files) {
            List<String> o = owners.ownersOf(file.filename(), f.budget);
            if (o.isEmpty()) {
                unowned++;
                continue;
            }
            Boolean ok = groupOk.get(o);
            if (ok == null) {
                ok = false;
                for (String a : approvers) {
                    if (ownedBy(f, a, o)) {
                        counted.add(a);
                        ok = true;
                    }
                }
                groupOk.put(o, ok);
            }
            if (!ok) {
                waiting++;
                unapprovedOwners.addAll(o);
                if (notes.size() < Requirement.MAX_FILE_NOTES) {
                    notes.add(new RequirementResult.FileNote(file.filename(), 1, new RequirementResult.FileNote.NeedsOwner(o)));
                }
            }
        }
        RequirementFacts.Codeowners facts = new RequirementFacts.Codeowners(true, f.files.size() - unowned, waiting,
                List.copyOf(unapprovedOwners), owners.problems());
        if (waiting == 0) {
            return new RequirementResult(q.kind(), facts.status(), facts, List.copyOf(counted), excluded, List.of(), q.line(), List.of())
                    .withCarried(carried);
        }
        List<String> request = new ArrayList<>();
        if (q.requestReviewers()) {
            for (String o : unapprovedOwners) {
                if (!o.contains("@") && !o.equals(f.author())) {
                    request.add(o);
                }
            }
        }
        return new RequirementResult(q.kind(), facts.status(), facts, List.copyOf(counted), excluded, notes, q.line(), request)
                .withCarried(carried);
    }

    private static boolean ownedBy(PullRequestFacts f, String login, List<String> owners) {
        for (String o : owners) {
            if (o.equals(login) || (o.indexOf('/') > 0 && Boolean.TRUE.equals(f.inTeam(login, o)))) {
                return true;
            }
        }
        return false;
    }
}
