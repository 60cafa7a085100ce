package dev.aigate.github;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which later pages of a list may be read at once: only numbered ones on the API's origin, up to the cap. */
class PaginationTest {

    private static final HttpUrl API = Pagination.base("https://api.github.com");
    private static final String FILES = "https://api.github.com/repos/o/r/pulls/1/files?per_page=100&page=";

    private static String link(int next, int last) {
        return "<" + FILES + next + ">; rel=\"next\", <" + FILES + last + ">; rel=\"last\"";
    }

    private static List<String> pages(String link, int wanted) throws Exception {
        return Pagination.numbered(Pagination.next(link, API), Pagination.last(link, API), API, wanted).stream()
                .map(u -> u.queryParameter("page")).toList();
    }

    @Test
    void theNumberedPagesUpToTheLastOrTheCap() throws Exception {
        assertEquals(List.of("2", "3", "4", "5"), pages(link(2, 5), 30));
        assertEquals(List.of("2", "3"), pages(link(2, 30), 2), "no page past what the cap can use");
        assertEquals(List.of(), pages(link(2, 5), 0));
    }

    @Test
    void aCursorOrLinksThatDisagreeAreFollowedOneByOne() throws Exception {
        String cursor = "<https://api.github.com/app/hook/deliveries?per_page=100&cursor=abc>; rel=\"next\"";
        assertEquals(List.of(), pages(cursor, 30));
        String otherList = "<" + FILES + "2>; rel=\"next\", <https://api.github.com/repos/o/r/pulls/1/commits?per_page=100&page=9>; rel=\"last\"";
        assertEquals(List.of(), pages(otherList, 30));
    }

    @Test
    void aLastPageOffTheApiIsNeverUsed() throws Exception {
        String foreign = "<" + FILES + "2>; rel=\"next\", <https://evil.example/repos/o/r/pulls/1/files?per_page=100&page=9>; rel=\"last\"";
        assertNull(Pagination.last(foreign, API));
        assertEquals(List.of(), pages(foreign, 30));
    }
}
