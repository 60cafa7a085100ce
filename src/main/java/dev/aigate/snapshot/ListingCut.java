package dev.aigate.snapshot;

/**
 * A listing that was read only in part: GitHub stopped listing (or the loader stopped reading at
 * its bound) before every item was seen, or the pull request states more items than were listed.
 *
 * @param listing which list
 * @param listed  how many items were read
 * @param stated  how many items GitHub says there are, or {@link #UNKNOWN} when it does not say
 */
public record ListingCut(Listing listing, int listed, int stated) {

    /** The total is not stated; more than {@code listed} items exist. */
    public static final int UNKNOWN = -1;

    public ListingCut {
        if (listing == null) {
            throw new IllegalArgumentException("listing");
        }
        if (stated != UNKNOWN && stated <= listed) {
            stated = UNKNOWN; // a cut with a stated total no larger than what was listed: more items exist, how many is unknown
        }
    }

    public boolean statedKnown() {
        return stated != UNKNOWN;
    }
}
