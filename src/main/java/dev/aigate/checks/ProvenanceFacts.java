package dev.aigate.checks;

import dev.aigate.provenance.Initiator;
import dev.aigate.provenance.ProvenanceResult;

import java.util.Optional;

/**
 * The provenance facts beyond the class, one check-run bullet each: who started an agent pull
 * request (their approval does not count), and where the description disagrees with what the
 * commits say about AI use.
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
        return b.toString();
    }
}
