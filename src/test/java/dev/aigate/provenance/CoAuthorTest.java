package dev.aigate.provenance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one parser of Co-authored-by trailers and of GitHub no-reply addresses. */
class CoAuthorTest {

    @Test
    void coAuthorsAreReadFromTheTrailersOnly() {
        String message = """
                Fix the parser

                Co-authored-by: mentioned in the body <body@example.com> is not a trailer,
                because this paragraph has other lines.

                Signed-off-by: Carol <carol@example.com>
                co-authored-by: Dave Smith <12+dave@users.noreply.github.com>
                Co-Authored-By: claude[bot] <209825114+claude[bot]@users.noreply.github.com>
                Co-authored-by: erin
                """;
        assertEquals(List.of(new CoAuthor("Dave Smith", "12+dave@users.noreply.github.com", 7),
                        new CoAuthor("claude[bot]", "209825114+claude[bot]@users.noreply.github.com", 8),
                        new CoAuthor("erin", null, 9)),
                CoAuthor.of(message));
        assertEquals(List.of(), CoAuthor.of("Co-authored-by: a <a@b.c>"), "the subject never holds trailers");
        assertEquals(List.of(new CoAuthor("A", "a@b.c", 3)), CoAuthor.of("s\r\n\r\nCo-authored-by: A <a@b.c>\r\n"));
        assertEquals(new CoAuthor("x <y", "z@w", 0), CoAuthor.parse("x <y <z@w>", 0), "the last <...> is the address");
        assertEquals(new CoAuthor("x", null, 0), CoAuthor.parse("x <>", 0));
    }

    @ParameterizedTest
    @CsvSource({
            "12+Dave@users.noreply.github.com, 12, dave, false",
            "dave@users.noreply.github.com, , dave, false",
            "209825114+claude[bot]@users.noreply.github.com, 209825114, claude[bot], true",
            "41898282+claude[bot]@Users.NoReply.GitHub.com, 41898282, claude[bot], true"})
    void noreplyAddresses(String email, Long id, String login, boolean bot) {
        NoreplyAddress a = NoreplyAddress.parse(email).orElseThrow();
        assertEquals(new NoreplyAddress(id, login), a);
        assertEquals(bot, a.bot());
    }

    @ParameterizedTest
    @CsvSource({"dave@example.com", "+dave@users.noreply.github.com", "x1+dave@users.noreply.github.com",
            "12345678901234567890+dave@users.noreply.github.com", "-dave@users.noreply.github.com",
            "da_ve@users.noreply.github.com", "@users.noreply.github.com", "[bot]@users.noreply.github.com",
            "dave@users.noreply.github.com.evil.example", "a123456789012345678901234567890123456789@users.noreply.github.com"})
    void notNoreplyAddresses(String email) {
        assertEquals(Optional.empty(), NoreplyAddress.parse(email), email);
    }
}
