package dev.aigate.policy;

import dev.aigate.snapshot.Listing;
import dev.aigate.snapshot.ListingCut;
import dev.aigate.snapshot.PullRequestSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The listings a condition or requirement reads that were cut short, and the plain facts about them. */
public final class Cuts {

    private Cuts() {
    }

    /** The cuts among the given listings, in listing order. */
    static List<ListingCut> of(PullRequestSnapshot pr, Set<Listing> listings) {
        List<ListingCut> out = new ArrayList<>();
        for (ListingCut c : pr.cuts()) {
            if (listings.contains(c.listing())) {
                out.add(c);
            }
        }
        return out;
    }

    /** "3,000 of 3,001 changed files listed", "1,000 reviews listed, more exist". */
    static String fact(ListingCut c) {
        String noun = noun(c.listing());
        return c.statedKnown()
                ? String.format(Locale.ROOT, "%,d of %,d %s listed", c.listed(), c.stated(), noun)
                : String.format(Locale.ROOT, "%,d %s listed, more exist", c.listed(), noun);
    }

    /**
     * What to do about a requirement over cut listings, e.g. "GitHub lists only 3,000 of 3,001 changed
     * files, so ai-gate cannot tell whether this is met. Split the pull request, or a maintainer can override."
     */
    public static String advice(List<ListingCut> cuts) {
        return clauses(cuts) + ", so ai-gate cannot tell whether this is met. " + remedy(cuts);
    }

    /** "GitHub lists only 3,000 of 3,001 changed files; only the first 1,000 reviews were read". */
    static String clauses(List<ListingCut> cuts) {
        String joined = String.join("; ", cuts.stream().map(Cuts::clause).toList());
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
    }

    /** Splitting helps when files or commits were cut; an override always does. */
    static String remedy(List<ListingCut> cuts) {
        boolean split = cuts.stream().anyMatch(c -> c.listing() == Listing.FILES || c.listing() == Listing.COMMITS);
        return split ? "Split the pull request, or a maintainer can override." : "A maintainer can override.";
    }

    private static String clause(ListingCut c) {
        String noun = noun(c.listing());
        if (c.listing() == Listing.FILES || c.listing() == Listing.COMMITS) {
            return c.statedKnown() ? String.format(Locale.ROOT, "GitHub lists only %,d of %,d %s", c.listed(), c.stated(), noun)
                    : String.format(Locale.ROOT, "GitHub listed only %,d %s and there are more", c.listed(), noun);
        }
        return c.statedKnown() ? String.format(Locale.ROOT, "only %,d of %,d %s were read", c.listed(), c.stated(), noun)
                : String.format(Locale.ROOT, "only the first %,d %s were read", c.listed(), noun);
    }

    private static String noun(Listing l) {
        return switch (l) {
            case FILES -> "changed files";
            case COMMITS -> "commits";
            case REVIEWS -> "reviews";
            case CHECKS -> "check runs and statuses on the head commit";
        };
    }

    public static String facts(List<ListingCut> cuts) {
        return String.join("; ", cuts.stream().map(Cuts::fact).toList());
    }
}
