package dev.aigate.web;

/**
 * The frame of ai-gate's pages (details, sign-in): one stylesheet inline, no script, no external resource. Every
 * piece of text passes through {@link #escape}; a link is only ever one ai-gate built.
 */
public final class WebPages {

    static final String STYLE = "*,*::before,*::after{box-sizing:border-box}"
            + "body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;line-height:1.45;"
            + "color:#1f2328}h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;"
            + "border-bottom:1px solid #d0d7de}h3{font-size:1rem;margin-bottom:.3rem}"
            + "table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}"
            + "th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;"
            + "overflow-wrap:anywhere}th{background:#f6f8fa;overflow-wrap:normal}td[class^=status-]{white-space:nowrap}code{font-size:.85rem;overflow-wrap:anywhere}"
            + ".verdict{font-size:1.1rem;padding:.6rem .9rem;border-radius:6px;margin:.8rem 0}"
            + ".success{background:#dafbe1}.failure,.action_required{background:#ffebe9}.neutral,.pending,.skipped"
            + "{background:#f6f8fa}.observe{background:#fff8c5}.act{border-left:4px solid #bf8700;padding:.2rem .8rem;"
            + "margin:.6rem 0}.hint{color:#59636e;font-size:.9rem}.status-failed{color:#cf222e}.status-pending"
            + "{color:#9a6700}.status-satisfied{color:#1a7f37}.status-skipped{color:#59636e}"
            + "header.top{display:flex;justify-content:space-between;align-items:center;font-size:.9rem;color:#59636e}"
            + "header.top form{display:inline}button.link{background:none;border:0;color:#0969da;cursor:pointer;"
            + "padding:0;font:inherit}.button{background:#1f883d;color:#fff;padding:.6rem 1.2rem;border-radius:6px;"
            + "text-decoration:none;display:inline-block}";

    private WebPages() {
    }

    /** A whole page; {@code title} is escaped, {@code body} must already be safe HTML. */
    public static String page(String title, String signedInAs, String body) {
        StringBuilder out = new StringBuilder(body.length() + 4096);
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>")
                .append("<header class=\"top\"><span>ai-gate</span>");
        if (signedInAs != null && !signedInAs.isEmpty()) {
            out.append("<span>Signed in as <strong id=\"signedInAs\">").append(escape(signedInAs))
                    .append("</strong> · <form method=\"post\" action=\"/auth/logout\"><button class=\"link\" "
                            + "id=\"signOut\" type=\"submit\">Sign out</button></form></span>");
        }
        out.append("</header>").append(body).append("</body></html>");
        return out.toString();
    }

    /**
     * The one "not found" page: for a path that names nothing, a repository that does not exist, and one the visitor
     * may not read, so that the answer says nothing about which.
     */
    public static String notFound() {
        return page("Not found", null, "<h1>Not found</h1><p>There is no page here, or you cannot see it.</p>"
                + "<p class=\"hint\">Signed in with the wrong GitHub account? <a href=\"/auth/logout\">Sign out</a>.</p>");
    }

    /** A page with a heading and one paragraph of plain text. */
    public static String message(String title, String text) {
        return page(title, null, "<h1>" + escape(title) + "</h1><p id=\"message\">" + escape(text) + "</p>");
    }

    /** HTML-escapes text for element content and quoted attribute values; null is empty. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters (other than tab and newlines) and bidi overrides would let a title hide or
                    // reorder what follows it; they are shown as U+FFFD.
                    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f
                            || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
