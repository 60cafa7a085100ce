package dev.aigate.policy;

import dev.aigate.provenance.Initiator;
import dev.aigate.provenance.ProvenanceClass;
import dev.aigate.provenance.ProvenanceResult;

import java.util.Locale;

/**
 * The approval rule for the person who started an agent: GitHub does not count the approval of
 * whoever asked the Copilot agent for a pull request, and ai-gate applies the same to every agent.
 * An {@code agent} pull request's initiator never counts, whatever the policy lists; {@code exclude:
 * [initiator]} says so explicitly (and is the only way an initiator is ever named: only agent pull
 * requests have one).
 */
final class Initiated {

    private Initiated() {
    }

    /** For an agent pull request with a known initiator, the login whose approval never counts; else null. */
    static String blocked(ProvenanceResult provenance) {
        if (provenance == null || provenance.initiator() == null || provenance.provenanceClass() != ProvenanceClass.AGENT) {
            return null;
        }
        return provenance.initiator().login();
    }

    /** Why the reviewer's approval does not count as the initiator's, or null when it counts. */
    static RequirementResult.Exclusion.Why excluded(ProvenanceResult provenance, String lowerLogin, boolean listed) {
        if (provenance == null || provenance.initiator() == null) {
            return null;
        }
        Initiator i = provenance.initiator();
        if (i.login() == null || !i.login().toLowerCase(Locale.ROOT).equals(lowerLogin)) {
            return null;
        }
        if (!listed && provenance.provenanceClass() != ProvenanceClass.AGENT) {
            return null;
        }
        return new RequirementResult.Exclusion.Initiator(i.how(), i.location());
    }
}
