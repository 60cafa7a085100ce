package dev.aigate.provenance;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code Co-authored-by: Name <email>} trailer of a commit message, as git and GitHub read it: only
 * in the message's trailer paragraphs ({@link CommitTrailers}), the key in any case. The one parser of
 * co-author trailers: provenance reads tools from them and the policy's {@code exclude: [co_authors]}
 * reads people from them, so both see the same co-authors.
 *
 * @param name  the text before {@code <}, trimmed (the whole value when there is no address)
 * @param email the address between the last {@code <} and {@code >}, trimmed; null when there is none
 * @param line  the line of the trailer, counting from 1 over the whole message
 */
public record CoAuthor(String name, String email, int line) {

    /** The trailer key, lower case. */
    public static final String KEY = "co-authored-by";

    /** The co-authors a commit message names, in order. */
    public static List<CoAuthor> of(String message) {
        List<CoAuthor> out = new ArrayList<>();
        for (CommitTrailers.Trailer t : CommitTrailers.parse(message)) {
            if (t.lowerKey().equals(KEY)) {
                out.add(parse(t.value(), t.line()));
            }
        }
        return out;
    }

    /** Reads a trailer's value, {@code Name <email>} or just a name. */
    public static CoAuthor parse(String value, int line) {
        int lt = value.lastIndexOf('<');
        int gt = value.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String email = value.substring(lt + 1, gt).trim();
            return new CoAuthor(value.substring(0, lt).trim(), email.isEmpty() ? null : email, line);
        }
        return new CoAuthor(value.trim(), null, line);
    }
}
