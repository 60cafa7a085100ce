package dev.aigate.provenance;

import dev.aigate.provenance.SignalCatalogue.Bot;
import dev.aigate.provenance.SignalCatalogue.BotKind;
import dev.aigate.snapshot.Actor;
import dev.aigate.snapshot.CommitInfo;
import dev.aigate.snapshot.CreatingApp;
import dev.aigate.snapshot.PolicyFile;
import dev.aigate.snapshot.TriggeringRun;
import dev.aigate.snapshot.PullRequestSnapshot;
import dev.aigate.snapshot.Review;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides where a pull request came from, with the evidence for it.
 *
 * <p>Pure: the same snapshot, settings and catalogue always give the same answer. The catalogue is
 * compiled once, before the first pull request; a policy's additions are compiled when the policy
 * is parsed ({@link PolicySignals}). The signals are read by {@link CommitSignals} and
 * {@link TextSignals} into an {@link EvidenceCollector}; this class reads the accounts and decides.
 *
 * <p>The class comes from the strongest evidence: a known AI agent account as PR author
 * ({@link ProvenanceClass#AGENT}), a tool-written marker ({@link ProvenanceClass#ASSISTED}), a
 * human declaration ({@link ProvenanceClass#DECLARED}), automation as PR author
 * ({@link ProvenanceClass#AUTOMATION}), weak hints of enough different kinds
 * ({@link ProvenanceClass#SUSPECTED}), else {@link ProvenanceClass#NONE}: no AI markers.
 *
 * <p>Asymmetry: nothing in the pull request lowers the class. A ticked "no AI was used" box or an
 * {@code Assisted-by: none} trailer is recorded as a note, never as evidence. Only the base-branch
 * policy can switch signals off. When GitHub truncated the commit list the result is never NONE.
 */
public final class ProvenanceClassifier {

    /** Rows listed per signal; further matches are counted in a note (a 250-commit agent PR). */
    static final int MAX_ROWS_PER_SIGNAL = EvidenceCollector.MAX_ROWS_PER_SIGNAL;

    private static final Signal INCOMPLETE = new Signal("incomplete.commits", Tier.T3, null, "GitHub lists at most 250 commits");

    private final SignalCatalogue catalogue;
    private final CommitSignals commitSignals;
    private final TextSignals textSignals;

    private final OrgCatalogues orgCatalogues;

    public ProvenanceClassifier(SignalCatalogue catalogue) {
        this(catalogue, true);
    }

    /** A classifier; {@code readsOrgFiles} false for one that is itself on an organisation's catalogue. */
    ProvenanceClassifier(SignalCatalogue catalogue, boolean readsOrgFiles) {
        this.catalogue = java.util.Objects.requireNonNull(catalogue, "catalogue");
        this.commitSignals = new CommitSignals(catalogue);
        this.textSignals = new TextSignals(catalogue);
        this.orgCatalogues = readsOrgFiles ? new OrgCatalogues(catalogue) : null;
    }

    public String catalogueVersion() {
        return catalogue.version();
    }

    public SignalCatalogue catalogue() {
        return catalogue;
    }

    /**
     * What is wrong with a policy's provenance settings against this catalogue: unknown signal
     * ids, strong signals in {@code disable_signals}, e-mail entries that would match people.
     * The same messages appear in every result's notes; a policy validator can show them early.
     */
    public List<String> checkSettings(ProvenanceSettings settings) {
        ProvenanceSettings s = settings == null ? ProvenanceSettings.DEFAULT : settings;
        return List.copyOf(s.compiled().switches(catalogue).notes());
    }

    /**
     * Classifies a pull request. When the snapshot carries the organisation's signal catalogue
     * ({@code ai-gate-signals.yml} in its {@code .github} repository) it is merged with this
     * catalogue first (parsed once per text); a file that does not validate is ignored, and the
     * result says so ({@link Unavailable.Kind#ORG_CATALOGUE}) rather than failing the evaluation.
     */
    public ProvenanceResult classify(PullRequestSnapshot pr, ProvenanceSettings settings) {
        if (orgCatalogues != null && pr.orgSignals().isPresent()) {
            PolicyFile file = pr.orgSignals().get();
            OrgCatalogues.Outcome org = orgCatalogues.get(file.location(), file.text());
            if (org.classifier() != null) {
                return org.classifier().classify(pr, settings);
            }
            return classifyOn(pr, settings).withUnavailable(List.of(
                    new Unavailable(Unavailable.Kind.ORG_CATALOGUE, file.location(), org.error())));
        }
        return classifyOn(pr, settings);
    }

    private ProvenanceResult classifyOn(PullRequestSnapshot pr, ProvenanceSettings settings) {
        PolicySignals policy = (settings == null ? ProvenanceSettings.DEFAULT : settings).compiled();
        EvidenceCollector run = new EvidenceCollector(policy, policy.switches(catalogue));
        List<Unavailable> unavailable = new java.util.ArrayList<>();

        boolean automationAuthor = author(pr.author(), run, policy);
        creatingApp(pr, run, unavailable);
        TriggeringRun triggered = pr.people().triggeringRun();
        if (triggered != null && triggered.state() == TriggeringRun.State.UNAVAILABLE) {
            unavailable.add(new Unavailable(Unavailable.Kind.WORKFLOW_RUN, "GET /repos/" + pr.repo().fullName()
                    + "/actions/runs/" + triggered.runId(), "HTTP " + triggered.status()));
        }
        int strongCommits = 0;
        for (CommitInfo c : pr.commits()) {
            if (commitSignals.commit(c, run, policy)) {
                strongCommits++;
            }
        }
        textSignals.body(pr.body(), run);
        textSignals.branch(pr.head() == null ? null : pr.head().ref(), run, policy);
        textSignals.labels(pr.labels(), run, policy);
        textSignals.files(pr.files(), run);
        reviews(pr.reviews(), run);

        boolean truncated = pr.commitsTruncated() || pr.commitsCount() > pr.commits().size();
        if (truncated) {
            run.evidence.add(new Evidence(Tier.T3, INCOMPLETE.id(), null, "pr.commits",
                    "GitHub listed only " + pr.commits().size() + " of "
                            + Math.max(pr.commitsCount(), pr.commits().size()) + "+ commits; the rest were not seen",
                    false));
        }
        if (pr.filesTruncated()) {
            run.notes.add("GitHub listed only " + pr.files().size() + " of " + pr.changedFilesCount()
                    + " changed files; AI configuration files among the rest were not seen.");
        }

        Tier strongest = null;
        Set<String> weakKinds = new TreeSet<>();
        for (Evidence e : run.evidence) {
            switch (e.tier()) {
                case T0, T1, T2 -> strongest = strongest == null || e.tier().compareTo(strongest) < 0 ? e.tier() : strongest;
                case T3 -> {
                    if (!INCOMPLETE.id().equals(e.signalId())) {
                        weakKinds.add(kindOf(e.signalId()));
                    }
                }
                default -> { }
            }
        }
        ProvenanceClass cls;
        if (strongest == Tier.T0) {
            cls = ProvenanceClass.AGENT;
        } else if (strongest == Tier.T1) {
            cls = ProvenanceClass.ASSISTED;
        } else if (strongest == Tier.T2) {
            cls = ProvenanceClass.DECLARED;
        } else if (automationAuthor) {
            cls = ProvenanceClass.AUTOMATION;
        } else if (weakKinds.size() >= catalogue.suspectedMinWeakKinds()) {
            cls = ProvenanceClass.SUSPECTED;
        } else if (truncated) {
            cls = ProvenanceClass.SUSPECTED;
            run.notes.add("Not every commit was seen, so the result is at least 'suspected' (fail closed).");
        } else {
            cls = ProvenanceClass.NONE;
            if (!weakKinds.isEmpty()) {
                run.notes.add("Weak hints of " + weakKinds.size() + " kind (" + String.join(", ", weakKinds)
                        + ") found; 'suspected' needs " + catalogue.suspectedMinWeakKinds() + " different kinds.");
            }
        }

        Set<String> tools = new TreeSet<>();
        boolean weakCounts = cls == ProvenanceClass.SUSPECTED;
        for (Evidence e : run.evidence) {
            if (e.tool() != null && (e.tier().compareTo(Tier.T2) <= 0 || (weakCounts && e.tier() == Tier.T3))) {
                tools.add(e.tool());
            }
        }
        run.evidence.sort(Comparator.comparing(Evidence::tier));
        run.finishSuppressed();
        double share = pr.commits().isEmpty() ? 0 : (double) strongCommits / pr.commits().size();
        List<String> claims = run.notes.stream().filter(n -> n.startsWith("pr.body line") && n.contains(" a claim "))
                .map(n -> n.substring(0, n.indexOf(':'))).toList();
        return new ProvenanceResult(cls, run.evidence, share, tools, !truncated, catalogue.version(), run.notes,
                Initiators.find(pr, catalogue, cls), claims, unavailable);
    }

    /**
     * The classes a pull request classified as {@code seen} could have once the commits or files that
     * GitHub did not list are counted too. Evidence only adds up, so the class can only rise, and
     * only so far: {@link Tier#T0} comes from the pull request's author account alone, a commit adds
     * at most T1 ({@link ProvenanceClass#ASSISTED}), a config file only T3. {@code suspected} may stand
     * for {@code none} when it was raised because commits were unseen.
     */
    public static Set<ProvenanceClass> possibleClasses(ProvenanceClass seen, boolean commitsCut, boolean filesCut) {
        Set<ProvenanceClass> out = java.util.EnumSet.of(seen);
        if (seen == ProvenanceClass.AGENT) {
            return out;
        }
        if (commitsCut) {
            if (seen.compareTo(ProvenanceClass.ASSISTED) > 0) {
                out.add(ProvenanceClass.ASSISTED);
            }
            if (seen.compareTo(ProvenanceClass.DECLARED) > 0) {
                out.add(ProvenanceClass.DECLARED);
            }
            if (seen == ProvenanceClass.SUSPECTED) {
                out.add(ProvenanceClass.NONE);
            }
        }
        if ((commitsCut || filesCut) && seen == ProvenanceClass.NONE) {
            out.add(ProvenanceClass.SUSPECTED); // weak hints of a second kind
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // PR author, the App that created it, and reviews

    /**
     * GitHub says which App created the pull request ({@code performed_via_github_app} on its issue):
     * attested, whoever the author is. Matched through the catalogue by App id, slug, then bot login.
     */
    private void creatingApp(PullRequestSnapshot pr, EvidenceCollector run, List<Unavailable> unavailable) {
        CreatingApp app = pr.people().creatingApp();
        Bot bot;
        String shown;
        if (app != null && app.state() == CreatingApp.State.APP) {
            bot = catalogue.botByApp(app.slug(), app.appId());
            shown = app.slug() + (app.appId() == 0 ? "" : " (App id " + app.appId() + ")");
        } else {
            if (app != null && app.state() == CreatingApp.State.UNAVAILABLE) {
                unavailable.add(new Unavailable(Unavailable.Kind.CREATING_APP, "GET /repos/" + pr.repo().fullName()
                        + "/issues/" + pr.number(), "HTTP " + app.status()));
            }
            bot = BotAccounts.botFor(catalogue, pr.people().viaApp());
            shown = pr.people().viaApp() == null ? null : EvidenceCollector.describe(pr.people().viaApp());
        }
        if (bot != null && bot.kind() != BotKind.AUTOMATION) {
            run.add(bot.signal(), Tier.T0, bot.signal().tool(), "pr.performed_via_github_app", shown, false);
        }
    }

    /** Returns whether the author is known non-AI automation. */
    private boolean author(Actor author, EvidenceCollector run, PolicySignals policy) {
        if (author == null) {
            return false;
        }
        String where = "pr.user";
        String who = EvidenceCollector.describe(author);
        if (policy.isAgent(author)) {
            run.add(PolicySignals.POLICY_AGENT, Tier.T0, null, where, who, false);
        }
        Bot bot = BotAccounts.botFor(catalogue, author);
        if (bot == null) {
            return false;
        }
        if (bot.kind() == BotKind.AUTOMATION) {
            run.add(bot.signal(), Tier.AUTOMATION, null, where, who, false);
            return true;
        }
        // Any AI app account opening the PR is attested agent authorship, reviewers included.
        run.add(bot.signal(), Tier.T0, bot.signal().tool(), where, who, false);
        return false;
    }

    private void reviews(List<Review> reviews, EvidenceCollector run) {
        Set<String> seen = new HashSet<>();
        for (Review r : reviews) {
            Bot bot = BotAccounts.botFor(catalogue, r.reviewer());
            if (bot != null && bot.kind() != BotKind.AUTOMATION && seen.add(bot.signal().id())) {
                run.add(bot.signal(), Tier.REVIEWER, bot.signal().tool(), "review " + r.id(),
                        EvidenceCollector.describe(r.reviewer()) + " " + r.state(), false);
            }
        }
    }

    private static String kindOf(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    static String shorten(String text) {
        return EvidenceCollector.shorten(text);
    }
}
