package cn.ledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml runs the ledger in production mode and keeps every byte: the rules an operator
 * relies on, read from the file itself ({@link #violations}); each rule is also shown to catch a copy
 * of the file that breaks it.
 */
class ComposeFileTest {

    static final Path HOME = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("ledger-command", "ledger-query", "ranking-projector");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?])?([^}]*)}");

    @Test
    void theComposeFileKeepsEveryRule() throws IOException {
        assertThat(violations(Files.readString(HOME.resolve("docker-compose.yml")))).isEmpty();
    }

    @Test
    void eachBrokenRuleIsCaught() throws IOException {
        String good = Files.readString(HOME.resolve("docker-compose.yml"));
        Map<String, String[]> breaks = new java.util.LinkedHashMap<>();
        breaks.put("Kafka log dirs", new String[] {"      KAFKA_LOG_DIRS: /var/lib/kafka/data\n", ""});
        breaks.put("Kafka log dirs not on the volume", new String[] {"KAFKA_LOG_DIRS: /var/lib/kafka/data", "KAFKA_LOG_DIRS: /tmp/kafka-logs"});
        breaks.put("local mode", new String[] {"LEDGER_SECURITY_MODE: jwt", "LEDGER_SECURITY_MODE: ${LEDGER_SECURITY_MODE:-local}"});
        breaks.put("demo token", new String[] {"      LEDGER_COMMAND_URL: http://ledger-command:8081\n",
                "      LEDGER_COMMAND_URL: http://ledger-command:8081\n      LEDGER_TOKEN: http://ledger-command:8081/api/v1/auth/demo-token\n"});
        breaks.put("port on all interfaces", new String[] {"\"${LEDGER_BIND:-127.0.0.1}:8082:8082\"", "\"8082:8082\""});
        breaks.put("port bound to a fixed address", new String[] {"\"${LEDGER_DB_BIND:-127.0.0.1}:5432:5432\"", "\"0.0.0.0:5432:5432\""});
        breaks.put("bind default", new String[] {"\"${LEDGER_BIND:-127.0.0.1}:8180:8080\"", "\"${LEDGER_BIND:-0.0.0.0}:8180:8080\""});
        breaks.put("postgres healthcheck over the socket", new String[] {"[\"CMD\", \"pg_isready\", \"-h\", \"127.0.0.1\", \"-p\", \"5432\",", "[\"CMD\", \"pg_isready\","});
        breaks.put("keycloak healthcheck", new String[] {"    healthcheck:\n      # the management port's", "    x-healthcheck:\n      # the management port's"});
        breaks.put("service healthcheck", new String[] {"  healthcheck: &service-health", "  x-healthcheck: &service-health"});
        breaks.put("depends_on started", new String[] {"    kafka:\n      condition: service_healthy\n    keycloak:", "    kafka:\n      condition: service_started\n    keycloak:"});
        breaks.put("signing key in the container", new String[] {"\"ledger-audit-key:/audit:ro\"]", "\"./ops:/ops:ro\"]"});
        breaks.put("fixed password", new String[] {"${LEDGER_DB_PASSWORD:?set LEDGER_DB_PASSWORD in .env}", "${LEDGER_DB_PASSWORD:-ledger}"});
        breaks.put("literal password", new String[] {"GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD in .env}", "GF_SECURITY_ADMIN_PASSWORD: admin"});
        for (Map.Entry<String, String[]> rule : breaks.entrySet()) {
            assertThat(good).as(rule.getKey()).contains(rule.getValue()[0]);
            String broken = good.replace(rule.getValue()[0], rule.getValue()[1]);
            assertThat(violations(broken)).as("a compose file with: " + rule.getKey()).isNotEmpty();
        }
    }

    /** What the compose text breaks of the rules; empty when it keeps them all. */
    @SuppressWarnings("unchecked")
    static List<String> violations(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        Map<String, Object> compose = new Yaml(options).load(text);
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> volumes = compose.get("volumes") == null ? Map.of() : (Map<String, Object>) compose.get("volumes");
        List<String> problems = new ArrayList<>();

        // Kafka's log on a named volume
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka");
        Object logDirs = env(kafka).get("KAFKA_LOG_DIRS");
        if (logDirs == null) {
            problems.add("kafka: no KAFKA_LOG_DIRS (the image then writes to /tmp/kafka-logs in the container)");
        } else {
            for (String dir : String.valueOf(logDirs).split(",")) {
                if (!onNamedVolume(kafka, dir.strip(), volumes)) {
                    problems.add("kafka: log dir " + dir + " is not on a named volume");
                }
            }
        }
        // PostgreSQL's data on a named volume
        if (!onNamedVolume((Map<String, Object>) services.get("postgres"), "/var/lib/postgresql/data", volumes)) {
            problems.add("postgres: /var/lib/postgresql/data is not on a named volume");
        }

        // production mode, no demo tokens
        for (String name : SERVICES) {
            Map<String, Object> service = (Map<String, Object>) services.get(name);
            if (service == null) {
                problems.add(name + ": missing");
                continue;
            }
            if (!"jwt".equals(String.valueOf(env(service).get("LEDGER_SECURITY_MODE")))) {
                problems.add(name + ": LEDGER_SECURITY_MODE is not jwt: " + env(service).get("LEDGER_SECURITY_MODE"));
            }
            if (isBlank(env(service).get("LEDGER_SECURITY_JWT_ISSUER_URI"))) {
                problems.add(name + ": no issuer");
            }
        }
        if (String.valueOf(services).contains("demo-token")) { // in any value; comments are not parsed
            problems.add("the demo-token endpoint is named");
        }
        services.forEach((name, s) -> {
            if (String.valueOf(env((Map<String, Object>) s).get("LEDGER_SECURITY_MODE")).contains("local")) {
                problems.add(name + ": local security mode");
            }
        });

        // every published port bound to an address variable that defaults to 127.0.0.1
        services.forEach((name, s) -> {
            Object ports = ((Map<String, Object>) s).get("ports");
            if (ports == null) {
                return;
            }
            for (Object port : (List<Object>) ports) {
                Matcher bound = Pattern.compile("^\\$\\{[A-Z0-9_]+:-127\\.0\\.0\\.1}:\\d+:\\d+$").matcher(String.valueOf(port));
                if (!bound.matches()) {
                    problems.add(name + ": port " + port + " is not bound to ${…:-127.0.0.1}");
                }
            }
        });

        // healthchecks, and start-up waits for them
        for (String name : List.of("postgres", "kafka", "keycloak", "ledger-command", "ledger-query", "ranking-projector")) {
            Map<String, Object> service = (Map<String, Object>) services.get(name);
            Object check = service == null ? null : service.get("healthcheck");
            if (!(check instanceof Map<?, ?> map) || map.get("test") == null || Boolean.TRUE.equals(map.get("disable"))) {
                problems.add(name + ": no healthcheck");
            }
        }
        Object pgCheck = ((Map<String, Object>) services.get("postgres")).get("healthcheck");
        if (pgCheck instanceof Map<?, ?> map && !String.valueOf(map.get("test")).matches(".*pg_isready.*-h, 127\\.0\\.0\\.1.*")) {
            problems.add("postgres: the healthcheck does not use TCP (pg_isready -h 127.0.0.1)");
        }
        for (String name : SERVICES) {
            Map<String, Object> service = (Map<String, Object>) services.get(name);
            if (service == null) {
                continue;
            }
            Object check = service.get("healthcheck");
            if (check instanceof Map<?, ?> map && !String.valueOf(map.get("test")).contains("/actuator/health/readiness")) {
                problems.add(name + ": the healthcheck is not the readiness group");
            }
            Object dependsOn = service.get("depends_on");
            for (String needed : List.of("postgres", "kafka", "keycloak")) {
                Object condition = dependsOn instanceof Map<?, ?> map && map.get(needed) instanceof Map<?, ?> c
                        ? c.get("condition") : null;
                if (!"service_healthy".equals(condition)) {
                    problems.add(name + ": depends_on " + needed + " is not service_healthy");
                }
            }
        }

        // the audit signing key from a volume (or a secret), never from the container's own file system
        Map<String, Object> command = (Map<String, Object>) services.get("ledger-command");
        if (command != null) {
            Object keyFile = env(command).get("LEDGER_AUDIT_SIGNING_KEY_FILE");
            boolean fromSecret = keyFile != null && String.valueOf(keyFile).startsWith("/run/secrets/")
                    && command.get("secrets") != null;
            if (keyFile == null || !(fromSecret || onNamedVolume(command, String.valueOf(keyFile), volumes))) {
                problems.add("ledger-command: the audit signing key file " + keyFile + " is not on a named volume or a secret");
            }
            if (env(command).containsKey("LEDGER_AUDIT_GENERATED_KEY_FILE")) {
                problems.add("ledger-command: a generated signing key");
            }
        }

        // no fixed passwords: every password or secret comes from a variable that must be set
        services.forEach((name, s) -> env((Map<String, Object>) s).forEach((key, value) -> {
            if (key.matches(".*(PASSWORD|SECRET)$") && !key.equals("LEDGER_AUDIT_SIGNING_KEY")) {
                Matcher variable = VARIABLE.matcher(String.valueOf(value));
                if (!variable.matches() || !":?".equals(variable.group(2))) {
                    problems.add(name + ": " + key + " is not a required variable (${…:?…}): " + value);
                }
            }
        }));
        return problems;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> env(Map<String, Object> service) {
        Object environment = service == null ? null : service.get("environment");
        if (environment instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> parsed = new java.util.HashMap<>();
        if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                parsed.put(pair[0], pair.length > 1 ? pair[1] : null);
            }
        }
        return parsed;
    }

    /** Whether {@code path} lies under a mount of a volume declared at the top level. */
    @SuppressWarnings("unchecked")
    static boolean onNamedVolume(Map<String, Object> service, String path, Map<String, Object> volumes) {
        Object mounts = service == null ? null : service.get("volumes");
        if (!(mounts instanceof List<?> list)) {
            return false;
        }
        for (Object mount : list) {
            String[] parts = String.valueOf(mount).split(":");
            if (parts.length >= 2 && volumes.containsKey(parts[0])
                    && (path.equals(parts[1]) || path.startsWith(parts[1].endsWith("/") ? parts[1] : parts[1] + "/"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isBlank(Object value) {
        return value == null || String.valueOf(value).isBlank();
    }
}
