package dev.aigate.provenance;

import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.PullRequestSnapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides where a pull request came from. Pure: the same snapshot and settings always give the
 * same answer. The catalogue is compiled once, in the constructor.
 */
public final class ProvenanceClassifier {

    private static final Pattern CO_AUTHOR = Pattern.compile(
            "(?im)^co-authored-by:\\s*(.*?)\\s*<([^>]+)>\\s*$");

    private final SignalCatalogue catalogue;

    public ProvenanceClassifier(SignalCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public String catalogueVersion() {
        return catalogue.version();
    }

    public ProvenanceResult classify(PullRequestSnapshot pr, ProvenanceSettings settings) {
        List<Evidence> evidence = new ArrayList<>();
        Actor author = pr.author();
        for (SignalCatalogue.Agent agent : catalogue.agents()) {
            boolean idMatch = author.id() != 0 && author.id() == agent.botId() && author.isBot();
            boolean loginMatch = agent.login().equalsIgnoreCase(author.login() == null ? "" : author.login())
                    && author.isBot();
            if (idMatch || loginMatch) {
                evidence.add(new Evidence(Tier.T0, agent.id() + ".pr-author", agent.tool(), "pr.user",
                        author.login() + " (id " + author.id() + ")", false));
            }
        }
        for (String login : settings.agents()) {
            if (login.equalsIgnoreCase(author.login() == null ? "" : author.login())) {
                evidence.add(new Evidence(Tier.T0, "policy.agent", null, "pr.user", author.login(), false));
            }
        }
        int strongCommits = 0;
        for (CommitInfo c : pr.commits()) {
            boolean strong = false;
            Matcher m = CO_AUTHOR.matcher(c.message() == null ? "" : c.message());
            while (m.find()) {
                String email = m.group(2).toLowerCase(Locale.ROOT);
                for (SignalCatalogue.CoAuthorEmail known : catalogue.coAuthorEmails()) {
                    if (known.email().equals(email)) {
                        evidence.add(new Evidence(Tier.T1, known.id(), known.tool(),
                                "commit " + shortSha(c.sha()) + " trailer", m.group().trim(), true));
                        strong = true;
                    }
                }
            }
            if (strong) {
                strongCommits++;
            }
        }
        if (settings.declaredLabel() != null && pr.labels().stream().anyMatch(settings.declaredLabel()::equalsIgnoreCase)) {
            evidence.add(new Evidence(Tier.T2, "policy.declared-label", null, "pr.labels", settings.declaredLabel(), true));
        }
        evidence.sort(Comparator.comparing(Evidence::tier));
        ProvenanceClass cls = evidence.isEmpty() ? ProvenanceClass.NONE : switch (evidence.get(0).tier()) {
            case T0 -> ProvenanceClass.AGENT;
            case T1 -> ProvenanceClass.ASSISTED;
            case T2 -> ProvenanceClass.DECLARED;
            case T3 -> ProvenanceClass.SUSPECTED;
            case AUTOMATION -> ProvenanceClass.AUTOMATION;
            case REVIEWER -> ProvenanceClass.NONE;
        };
        if (cls == ProvenanceClass.NONE && pr.commitsTruncated()) {
            cls = ProvenanceClass.SUSPECTED;
            evidence.add(new Evidence(Tier.T3, "incomplete.commits", null, "pr.commits",
                    "GitHub listed only " + pr.commits().size() + " of " + pr.commitsCount() + " commits", false));
        }
        Set<String> tools = new LinkedHashSet<>();
        for (Evidence e : evidence) {
            if (e.tool() != null) {
                tools.add(e.tool());
            }
        }
        double share = pr.commits().isEmpty() ? 0 : (double) strongCommits / pr.commits().size();
        return new ProvenanceResult(cls, evidence, share, new HashSet<>(tools), !pr.commitsTruncated(), catalogue.version());
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }
}
