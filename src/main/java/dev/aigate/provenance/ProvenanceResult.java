package dev.aigate.provenance;

import java.util.List;
import java.util.Set;

/**
 * The classifier's answer.
 *
 * @param provenanceClass  the class from the strongest evidence
 * @param evidence         every signal found, strongest first
 * @param aiCommitShare    the share of the commits seen (0..1) that carry a strong (T0/T1) marker
 * @param tools            the AI tools the deciding evidence points at (never review bots)
 * @param commitsComplete  false when GitHub truncated the commit list, so some commits were not seen
 * @param catalogueVersion the version of the signal catalogue used
 * @param notes            things a maintainer should know that are not evidence: claims of "no AI"
 *                         that were not allowed to lower the class, policy entries that were ignored
 *                         or that switched signals off, weak hints below the threshold
 * @param initiator        who started an {@code agent} pull request, with the evidence; null when
 *                         unknown or when the class is not {@code agent}
 * @param bodyClaims       where the PR description says no AI was used ({@code pr.body line 7}),
 *                         a claim that never lowers the class but that {@link #undisclosed()} compares
 * @param unavailable      what could not be used: a read GitHub did not answer (404, 410), an organisation
 *                         signal catalogue that was invalid and so ignored
 */
public record ProvenanceResult(ProvenanceClass provenanceClass, List<Evidence> evidence, double aiCommitShare,
                               Set<String> tools, boolean commitsComplete, String catalogueVersion,
                               List<String> notes, Initiator initiator, List<String> bodyClaims,
                               List<Unavailable> unavailable) {

    public ProvenanceResult {
        evidence = List.copyOf(evidence);
        tools = Set.copyOf(tools);
        notes = notes == null ? List.of() : List.copyOf(notes);
        bodyClaims = bodyClaims == null ? List.of() : List.copyOf(bodyClaims);
        unavailable = unavailable == null ? List.of() : List.copyOf(unavailable);
    }

    /** A result where everything was available. */
    public ProvenanceResult(ProvenanceClass provenanceClass, List<Evidence> evidence, double aiCommitShare,
                            Set<String> tools, boolean commitsComplete, String catalogueVersion,
                            List<String> notes, Initiator initiator, List<String> bodyClaims) {
        this(provenanceClass, evidence, aiCommitShare, tools, commitsComplete, catalogueVersion, notes, initiator,
                bodyClaims, List.of());
    }

    /** This result with what could not be used added. */
    public ProvenanceResult withUnavailable(List<Unavailable> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Unavailable> all = new java.util.ArrayList<>(unavailable);
        all.addAll(more);
        return new ProvenanceResult(provenanceClass, evidence, aiCommitShare, tools, commitsComplete, catalogueVersion,
                notes, initiator, bodyClaims, all);
    }

    /** A result without an initiator or body claims. */
    public ProvenanceResult(ProvenanceClass provenanceClass, List<Evidence> evidence, double aiCommitShare,
                            Set<String> tools, boolean commitsComplete, String catalogueVersion, List<String> notes) {
        this(provenanceClass, evidence, aiCommitShare, tools, commitsComplete, catalogueVersion, notes, null, List.of());
    }

    /**
     * Declared against detected: the commits carry a tool-written (T1) marker while the description
     * either says no AI was used or discloses nothing (no declaration, no tool footer, no declaration
     * label). Empty when they agree, or when an agent account opened the pull request (it needs no
     * disclosure). The text says which, for the check run.
     */
    public java.util.Optional<String> undisclosed() {
        if (provenanceClass == ProvenanceClass.AGENT) {
            return java.util.Optional.empty();
        }
        Evidence marker = null;
        boolean disclosed = false;
        for (Evidence e : evidence) {
            String at = e.location();
            if (marker == null && e.tier() == Tier.T1 && at.startsWith("commit ")) {
                marker = e;
            }
            if ((e.tier() == Tier.T1 || e.tier() == Tier.T2) && (at.startsWith("pr.body") || at.equals("pr.labels"))) {
                disclosed = true;
            }
        }
        if (marker == null) {
            return java.util.Optional.empty();
        }
        String found = marker.signalId() + " at " + marker.location();
        if (!bodyClaims.isEmpty()) {
            return java.util.Optional.of("the commits carry a tool-written marker (" + found
                    + ") but the description says no AI was used (" + bodyClaims.get(0) + ")");
        }
        return disclosed ? java.util.Optional.empty() : java.util.Optional.of(
                "the commits carry a tool-written marker (" + found + ") but the description discloses no AI use");
    }

    /** A result without notes. */
    public ProvenanceResult(ProvenanceClass provenanceClass, List<Evidence> evidence, double aiCommitShare,
                            Set<String> tools, boolean commitsComplete, String catalogueVersion) {
        this(provenanceClass, evidence, aiCommitShare, tools, commitsComplete, catalogueVersion, List.of());
    }

    public boolean isAi() {
        return switch (provenanceClass) {
            case AGENT, ASSISTED, DECLARED, SUSPECTED -> true;
            case AUTOMATION, NONE -> false;
        };
    }
}
