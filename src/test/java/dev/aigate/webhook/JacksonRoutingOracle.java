package dev.aigate.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What ingress kept before {@link RoutingScan}: Jackson's filtering parser over the whole body, with the same
 * paths. {@code RoutingScanTest} holds the scanner to it.
 */
final class JacksonRoutingOracle {

    private final PathFilter filter;

    JacksonRoutingOracle(List<String> paths) {
        this.filter = PathFilter.of(paths);
    }

    JsonNode read(ObjectMapper json, byte[] body) throws IOException {
        try (JsonParser parser = new FilteringParserDelegate(json.createParser(body), filter,
                TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
            JsonNode tree = json.readTree(parser);
            return tree == null || tree.isMissingNode() ? json.createObjectNode() : tree;
        }
    }

    private static final class PathFilter extends TokenFilter {
        private final Map<String, PathFilter> children = new HashMap<>();

        static PathFilter of(List<String> paths) {
            PathFilter root = new PathFilter();
            for (String path : paths) {
                PathFilter node = root;
                for (String name : path.replace("[]", "").split("\\.")) {
                    node = node.children.computeIfAbsent(name, n -> new PathFilter());
                }
            }
            return root;
        }

        @Override
        public TokenFilter includeProperty(String name) {
            PathFilter child = children.get(name);
            if (child == null) {
                return null;
            }
            return child.children.isEmpty() ? TokenFilter.INCLUDE_ALL : child;
        }

        @Override
        public TokenFilter includeElement(int index) {
            return this;
        }

        @Override
        public TokenFilter includeRootValue(int index) {
            return this;
        }
    }
}
