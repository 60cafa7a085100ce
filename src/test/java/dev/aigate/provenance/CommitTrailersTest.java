package dev.aigate.provenance;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitTrailersTest {

    private static List<String> keys(String message) {
        return CommitTrailers.parse(message).stream().map(t -> t.key() + "=" + t.value() + "@" + t.line()).toList();
    }

    @Test
    void lastParagraphWithCrlf() {
        assertEquals(List.of("Co-authored-by=A <a@x>@5", "Signed-off-by=B <b@x>@6"),
                keys("Subject\r\n\r\nBody text.\r\n\r\nCo-authored-by: A <a@x>\r\nSigned-off-by: B <b@x>\r\n"));
    }

    @Test
    void subjectIsNeverATrailer() {
        assertTrue(keys("Fix: the parser").isEmpty());
        assertTrue(keys("Fix: the parser\nSigned-off-by: A <a@x>").isEmpty(), "still the subject paragraph");
    }

    @Test
    void proseParagraphWithAColonIsNotATrailerBlock() {
        assertTrue(keys("Subject\n\nThis fixes it. Note: more to do\nin a later change, see below.\nThanks.").isEmpty());
    }

    @Test
    void lastParagraphMayMixInOtherLinesWhenAQuarterAreTrailers() {
        assertEquals(List.of("Signed-off-by=A <a@x>@4"),
                keys("Subject\n\n(cherry picked from commit abc)\nSigned-off-by: A <a@x>"));
    }

    @Test
    void continuationLinesJoinTheValue() {
        assertEquals(List.of("Assisted-by=Claude:claude-3-opus coccinelle@3"),
                keys("Subject\n\nAssisted-by: Claude:claude-3-opus\n coccinelle"));
    }

    @Test
    void foldedCommitParagraphsOfASquashCount() {
        List<String> k = keys("Squash (#1)\n\n* one\n\nCo-authored-by: A <a@x>\n\n* two\n\nCo-authored-by: B <b@x>");
        assertEquals(List.of("Co-authored-by=A <a@x>@5", "Co-authored-by=B <b@x>@9"), k);
    }

    @Test
    void keysAreKeptAsWrittenAndComparedInLowerCase() {
        CommitTrailers.Trailer t = CommitTrailers.parse("s\n\nASSISTED-BY: x").get(0);
        assertEquals("ASSISTED-BY", t.key());
        assertEquals("assisted-by", t.lowerKey());
    }

    @Test
    void emptyAndNull() {
        assertTrue(CommitTrailers.parse(null).isEmpty());
        assertTrue(CommitTrailers.parse("").isEmpty());
        assertTrue(CommitTrailers.parse("s\n\nKey:").isEmpty(), "a key without a value is no trailer");
    }
}
