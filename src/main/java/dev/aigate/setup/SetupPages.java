package dev.aigate.setup;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The few HTML pages of the registration flow. Everything dynamic is escaped. */
final class SetupPages {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
            + "padding:0 1rem;line-height:1.5}label{display:block;margin:.8rem 0 .2rem}input[type=text],"
            + "input[type=url]{width:100%;padding:.4rem}.button,button{background:#1f883d;color:#fff;border:0;"
            + "padding:.6rem 1.2rem;border-radius:6px;font-size:1rem;text-decoration:none;cursor:pointer}"
            + ".error{color:#b00020}.hint{color:#555;font-size:.9rem}";

    private SetupPages() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body><h1>" + escape(title) + "</h1>" + body
                + "</body></html>";
    }

    static String form(String publicUrl, String webUrl, List<String> missing) {
        StringBuilder body = new StringBuilder();
        body.append("<p>ai-gate has no GitHub App yet. Register one in a click: GitHub creates the App with the "
                + "permissions ai-gate needs and hands its credentials back to this server.</p>");
        if (publicUrl.isEmpty()) {
            body.append("<p class=\"error\">Set <code>AIGATE_PUBLIC_URL</code> to this server's public address "
                    + "first: GitHub delivers webhooks to it.</p>");
        } else {
            body.append("<p class=\"hint\">Webhooks will go to <code>").append(escape(publicUrl))
                    .append(escape(AppManifest.WEBHOOK_PATH)).append("</code>.</p>");
        }
        body.append("<p class=\"hint\">The App is created on <code>").append(escape(webUrl))
                .append("</code> (<code>AIGATE_GITHUB_WEB_URL</code>).</p>");
        body.append("<form method=\"post\" action=\"/setup\">")
                .append("<label for=\"setupCode\">Setup code (printed in the server's log at start, and in "
                        + "<code>AIGATE_DATA_DIR/").append(escape(SetupCode.FILE_NAME)).append("</code>)</label>")
                .append("<input type=\"text\" id=\"setupCode\" name=\"setupCode\" required autocomplete=\"off\" "
                        + "spellcheck=\"false\" placeholder=\"XXXX-XXXX-XXXX-XXXX-XXXX\">")
                .append("<fieldset><legend>Owner of the App</legend>")
                .append("<label><input type=\"radio\" name=\"accountType\" value=\"user\" checked> "
                        + "My personal account</label>")
                .append("<label><input type=\"radio\" name=\"accountType\" value=\"organization\"> "
                        + "An organisation:</label>")
                .append("<input type=\"text\" name=\"organization\" placeholder=\"organisation login, e.g. acme\">")
                .append("</fieldset>")
                .append("<label for=\"appName\">App name (optional, unique on GitHub, at most 34 characters)</label>")
                .append("<input type=\"text\" id=\"appName\" name=\"appName\" maxlength=\"34\" placeholder=\"")
                .append(escape(AppManifest.DEFAULT_NAME)).append("-&lt;owner&gt;\">")
                .append("<p><button type=\"submit\">Register GitHub App</button></p></form>");
        if (!missing.isEmpty()) {
            body.append("<details><summary>Or configure by hand</summary><p>Set these and restart:</p><ul>");
            missing.forEach(m -> body.append("<li>").append(escape(m)).append("</li>"));
            body.append("</ul><p>See docs/install.md.</p></details>");
        }
        return page("Set up ai-gate", body.toString());
    }

    /** The manifest form GitHub expects, submitted by the browser. */
    static String redirectToGitHub(String action, String manifestJson) {
        return page("Continue on GitHub",
                "<form id=\"manifest\" method=\"post\" action=\"" + escape(action) + "\">"
                        + "<input type=\"hidden\" name=\"manifest\" value=\"" + escape(manifestJson) + "\">"
                        + "<p>GitHub will show the App's name and permissions; confirm there to create it.</p>"
                        + "<p><button type=\"submit\">Continue to GitHub</button></p></form>"
                        + "<script>document.getElementById('manifest').submit()</script>");
    }

    /**
     * {@code url} if it may become a link: absolute, on GitHub's configured web host and port, https (http only
     * when the configured web URL is http itself), no user info. Anything else (javascript:, another host) is
     * empty, and is shown as text at most.
     */
    static Optional<String> safeLink(String url, String webUrl) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI link = new URI(url);
            URI web = new URI(webUrl);
            String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
            boolean schemeOk = "https".equals(scheme)
                    || ("http".equals(scheme) && "http".equalsIgnoreCase(web.getScheme()));
            if (!schemeOk || link.getRawUserInfo() != null || link.getHost() == null || web.getHost() == null
                    || !link.getHost().equalsIgnoreCase(web.getHost()) || port(link) != port(web)) {
                return Optional.empty();
            }
            return Optional.of(link.toASCIIString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
