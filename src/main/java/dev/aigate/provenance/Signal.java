package dev.aigate.provenance;

/**
 * One entry of the signal catalogue, as a maintainer or a policy refers to it.
 *
 * @param id     the stable catalogue id, e.g. {@code email.claude}; policies name signals by it
 * @param tier   how much the signal can be trusted
 * @param tool   the tool it points at, or null when it names none (e.g. a generic AI mention)
 * @param source where the string comes from (P primary, O observed, T third-party table, ? unconfirmed)
 */
public record Signal(String id, Tier tier, String tool, String source) {

    /** The kind of signal: the id up to its first dot ({@code branch}, {@code mention}, ...). */
    public String kind() {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }
}
