package dev.aigate.checks;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders markdown as GitHub does in a check run: CommonMark with the GFM tables, strikethrough and
 * extended autolinks (bare URLs, {@code www.} and e-mail addresses), so tests can assert on the HTML.
 */
final class Gfm {

    private static final List<Extension> EXTENSIONS =
            List.of(TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).build();
    private static final Pattern LIST = Pattern.compile("(?s)<ul>(.*?)</ul>");
    private static final Pattern HREF = Pattern.compile("<a href=\"([^\"]*)\"");

    private Gfm() {
    }

    static String html(String markdown) {
        return HTML.render(PARSER.parse(markdown));
    }

    /** The inner HTML of every innermost {@code <ul>}, in document order. */
    static List<String> lists(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = LIST.matcher(html);
        while (m.find()) {
            String inner = m.group(1);
            out.add(inner.substring(inner.lastIndexOf("<ul>") + 1));
        }
        return out;
    }

    /** The targets of every link. */
    static List<String> links(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
