package dev.aigate.setup;

import javax.swing.text.MutableAttributeSet;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.parser.ParserDelegator;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A page parsed by the JDK's HTML parser into elements (tag, attributes, children, text), so tests assert on
 * structure (which element holds what) rather than on substrings.
 */
final class HtmlTree {

    static final class Element {
        final String tag;
        final Map<String, String> attributes;
        final Element parent;
        final List<Element> children = new ArrayList<>();
        /** Text (String) and child elements, in document order. */
        final List<Object> content = new ArrayList<>();

        Element(String tag, Map<String, String> attributes, Element parent) {
            this.tag = tag;
            this.attributes = attributes;
            this.parent = parent;
        }

        String attr(String name) {
            return attributes.get(name);
        }

        boolean has(String name) {
            return attributes.containsKey(name);
        }

        /** The text of this element and everything inside it. */
        String text() {
            StringBuilder all = new StringBuilder();
            content.forEach(c -> all.append(c instanceof Element e ? e.text() : c));
            return all.toString();
        }

        List<Element> all(Predicate<Element> test) {
            List<Element> found = new ArrayList<>();
            for (Element child : children) {
                if (test.test(child)) {
                    found.add(child);
                }
                found.addAll(child.all(test));
            }
            return found;
        }

        List<Element> all(String tag) {
            return all(e -> e.tag.equals(tag));
        }

        Optional<Element> byId(String id) {
            return all(e -> id.equals(e.attr("id"))).stream().findFirst();
        }

        boolean inside(String tag) {
            for (Element p = parent; p != null; p = p.parent) {
                if (p.tag.equals(tag)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "<" + tag + " " + attributes + ">" + text();
        }
    }

    private HtmlTree() {
    }

    private static final java.util.Set<String> VOID = java.util.Set.of("input", "meta", "br", "hr", "img", "link");

    static Element parse(String html) {
        Element root = new Element("#document", Map.of(), null);
        Deque<Element> open = new ArrayDeque<>();
        open.push(root);
        HTMLEditorKit.ParserCallback callback = new HTMLEditorKit.ParserCallback() {
            @Override
            public void handleStartTag(HTML.Tag t, MutableAttributeSet a, int pos) {
                Element e = new Element(t.toString(), attributes(a), open.peek());
                open.peek().children.add(e);
                open.peek().content.add(e);
                open.push(e);
            }

            @Override
            public void handleEndTag(HTML.Tag t, int pos) {
                close(t.toString());
            }

            @Override
            public void handleSimpleTag(HTML.Tag t, MutableAttributeSet a, int pos) {
                String tag = t.toString();
                if (a.isDefined(HTML.Attribute.ENDTAG)) {
                    close(tag);
                    return;
                }
                Element e = new Element(tag, attributes(a), open.peek());
                open.peek().children.add(e);
                open.peek().content.add(e);
                if (!VOID.contains(tag) && t instanceof HTML.UnknownTag) {
                    open.push(e); // an element the parser does not know (details, summary): its end tag closes it
                }
            }

            @Override
            public void handleText(char[] data, int pos) {
                open.peek().content.add(new String(data));
            }

            private void close(String tag) {
                for (Element e : open) {
                    if (e.tag.equals(tag)) {
                        while (open.peek() != e) {
                            open.pop();
                        }
                        open.pop();
                        return;
                    }
                }
            }
        };
        try {
            new ParserDelegator().parse(new StringReader(html), callback, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    private static Map<String, String> attributes(MutableAttributeSet set) {
        Map<String, String> map = new LinkedHashMap<>();
        Enumeration<?> names = set.getAttributeNames();
        while (names.hasMoreElements()) {
            Object name = names.nextElement();
            map.put(name.toString(), String.valueOf(set.getAttribute(name)));
        }
        return map;
    }
}
