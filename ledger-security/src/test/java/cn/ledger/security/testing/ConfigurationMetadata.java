package cn.ledger.security.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code ledger.*} property a service's {@code application.yml} sets is described in the configuration
 * metadata on its classpath ({@code META-INF/spring-configuration-metadata.json}, written by Spring Boot's
 * configuration processor from the {@code @ConfigurationProperties} records and the modules'
 * {@code additional-spring-configuration-metadata.json}), with a description an operator can read.
 */
public final class ConfigurationMetadata {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConfigurationMetadata() {}

    /** The {@code ledger.*} keys of the YAML resource with no described property; empty when all are. */
    public static List<String> undescribed(String yamlResource) {
        Map<String, String> described = described();
        List<String> missing = new ArrayList<>();
        for (String key : keys(yamlResource)) {
            boolean found = described.entrySet().stream().anyMatch(p -> (key.equals(p.getKey())
                    || key.startsWith(p.getKey() + ".") || key.startsWith(p.getKey() + "["))
                    && !p.getValue().isBlank());
            if (!found) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** Every property of the metadata on the classpath, with its description ("" when none). */
    static Map<String, String> described() {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (URL url : Collections.list(ConfigurationMetadata.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode p : JSON.readTree(in).path("properties")) {
                        out.merge(p.path("name").asString(), p.path("description").asString(""),
                                (a, b) -> a.isBlank() ? b : a);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<String> keys(String yamlResource) {
        List<String> keys = new ArrayList<>();
        try (InputStream in = ConfigurationMetadata.class.getClassLoader().getResourceAsStream(yamlResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no " + yamlResource + " on the classpath");
            }
            for (Object document : new Yaml().loadAll(in)) {
                flatten("", document, keys);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys.stream().filter(k -> k.startsWith("ledger.")).distinct().toList();
    }

    private static void flatten(String prefix, Object value, List<String> keys) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, keys));
        } else if (value instanceof List<?>) {
            keys.add(prefix + "[0]");
        } else {
            keys.add(prefix);
        }
    }
}
