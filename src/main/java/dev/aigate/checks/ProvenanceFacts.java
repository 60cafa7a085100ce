package dev.aigate.checks;

import dev.aigate.provenance.Initiator;
import dev.aigate.provenance.ProvenanceResult;
import dev.aigate.provenance.Unavailable;

import java.util.Optional;

/**
 * The provenance facts beyond the class, one check-run bullet each: who started an agent pull
 * request (their approval does not count), where the description disagrees with what the
 * commits say about AI use, and what could not be used (a read GitHub did not answer, an invalid
 * organisation signal catalogue that was ignored).
 */
final class ProvenanceFacts {

    private ProvenanceFacts() {
    }

    static String lines(ProvenanceResult p, String bullet) {
        StringBuilder b = new StringBuilder();
        Initiator i = p.initiator();
        if (i != null && i.login() != null) {
            b.append(bullet).append("**Started by:** ").append(Markdown.code(i.login(), 60)).append(" — ")
                    .append(Markdown.text(i.how(), 120)).append(" (").append(Markdown.code(i.location(), 80))
                    .append("); their approval does not count for this agent pull request\n");
        }
        Optional<String> gap = p.undisclosed();
        gap.ifPresent(g -> b.append(bullet).append("**Declared vs detected:** ").append(Markdown.text(g, 400)).append('\n'));
        for (Unavailable u : p.unavailable()) {
            b.append(bullet).append(unavailable(u)).append('\n');
        }
        return b.toString();
    }

    /** What could not be used, in words: the classification went on without it. */
    static String unavailable(Unavailable u) {
        String where = Markdown.code(u.location(), 120);
        String why = Markdown.text(u.reason(), 400);
        return switch (u.kind()) {
            case CREATING_APP -> "**Not available:** which App created this pull request (" + where + " answered "
                    + why + "); classified without it";
            case WORKFLOW_RUN -> "**Not available:** who triggered the agent's workflow run (" + where + " answered "
                    + why + ")";
            case ORG_CATALOGUE -> "**Organisation signal catalogue ignored:** " + where + " is invalid (" + why
                    + "); classified with the built-in catalogue only. Check it with `java -jar ai-gate.jar validate"
                    + " --signals ai-gate-signals.yml`";
        };
    }
}
