package dev.aigate.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.github.Pagination;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link HookDeliveries} over the REST API with OkHttp. Pages with the {@code Link: rel="next"} cursor, and
 * never follows a link out of the configured API ({@link Pagination}: a forged header must not make us send the
 * App's JWT elsewhere); the sweep then keeps the pages it has.
 */
public class OkHttpHookDeliveries implements HookDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(OkHttpHookDeliveries.class);
    private static final int MAX_PAGES = 100;

    private final OkHttpClient http;
    private final HttpUrl base;
    private final AppAuthorization authorization;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param apiBaseUrl e.g. {@code https://api.github.com} or {@code https://ghe.example.com/api/v3}
     * @param authorization supplies {@code Bearer <fresh App JWT>}
     */
    public OkHttpHookDeliveries(OkHttpClient http, String apiBaseUrl, AppAuthorization authorization) {
        this.http = http;
        this.base = Pagination.base(apiBaseUrl);
        this.authorization = authorization;
    }

    @Override
    public List<HookDelivery> listSince(Instant since) throws IOException {
        List<HookDelivery> all = new ArrayList<>();
        HttpUrl url = base.resolve("app/hook/deliveries").newBuilder().addQueryParameter("per_page", "100").build();
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            try (Response response = http.newCall(request(url).get().build()).execute()) {
                String body = bodyOf(response);
                if (!response.isSuccessful()) {
                    throw new IOException("GET " + url.encodedPath() + " answered " + response.code() + ": " + body);
                }
                boolean older = false;
                for (JsonNode node : json.readTree(body)) {
                    HookDelivery d = parse(node);
                    all.add(d);
                    older |= d.deliveredAt().isBefore(since);
                }
                url = older ? null : next(response.header("Link"));
            }
        }
        return all;
    }

    @Override
    public void redeliver(long id) throws IOException {
        HttpUrl url = base.resolve("app/hook/deliveries/" + id + "/attempts");
        RequestBody empty = RequestBody.create(new byte[0], MediaType.get("application/json"));
        try (Response response = http.newCall(request(url).post(empty).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("POST " + url.encodedPath() + " answered " + response.code() + ": " + bodyOf(response));
            }
        }
    }

    private Request.Builder request(HttpUrl url) throws IOException {
        return new Request.Builder().url(url)
                .header("Authorization", authorization.header())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
    }

    /** The next page, only within the API ({@link Pagination}); a link out of it ends the paging. */
    HttpUrl next(String link) {
        try {
            return Pagination.next(link, base);
        } catch (Pagination.ForeignLink e) {
            LOG.warn("Ignoring a pagination link: {}", e.getMessage());
            return null;
        }
    }

    private static HookDelivery parse(JsonNode n) {
        return new HookDelivery(n.path("id").asLong(), n.path("guid").asText(null),
                Instant.parse(n.path("delivered_at").asText()), n.path("redelivery").asBoolean(false),
                n.path("status_code").asInt(0), n.path("status").asText(null), n.path("event").asText(null),
                n.path("action").isNull() ? null : n.path("action").asText(null), n.path("installation_id").asLong(0));
    }

    private static String bodyOf(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }
}
