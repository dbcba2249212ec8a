package cn.ledger.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the services apart: each owns one PostgreSQL schema, migrated by its own Flyway, and touches
 * no table it did not create; the command side never reads projector code and the projectors never
 * write the event store.
 */
class ArchitectureTest {

    static final Path HOME = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("ledger-command", "ledger-query", "ranking-projector");
    static final Pattern CREATE_TABLE = Pattern.compile("(?i)CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_.]*)");
    /**
     * A table named in SQL. The project writes SQL keywords in capitals, so prose in messages ("a
     * period from influence…") is not mistaken for a query.
     */
    static final Pattern TABLE_USE = Pattern.compile(
            "\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)\\b");
    /** {@code WITH name AS (…)}, {@code , name AS (…)}, either with a column list: a query's own named subquery, not a table. */
    static final Pattern COMMON_TABLE_EXPRESSION = Pattern.compile(
            "(?i)(?:\\bWITH(?:\\s+RECURSIVE)?|,)\\s+([a-z_][a-z0-9_]*)\\s*(?:\\([a-z0-9_,\\s]*\\))?\\s*\\bAS\\s*\\(");
    static final Set<String> NOT_TABLES = Set.of("subtree", "select", "lateral", "unnest", "generate_series", "set");

    @Test
    void aNamedSubqueryIsKnownWithOrWithoutItsColumnList() {
        for (String sql : List.of("WITH RECURSIVE up (unit_id, depth) AS (SELECT 1)", "WITH up AS (SELECT 1)",
                "WITH a AS (SELECT 1), up(unit_id) AS (SELECT 2)")) {
            Matcher m = COMMON_TABLE_EXPRESSION.matcher(sql);
            Set<String> names = new HashSet<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            assertThat(names).as(sql).contains("up");
        }
        assertThat(COMMON_TABLE_EXPRESSION.matcher("SELECT a, b FROM up").find()).isFalse();
    }

    @Test
    void eachServiceUsesASchemaOfItsOwnForBothConnectionAndMigrations() {
        Set<String> schemas = new HashSet<>();
        for (String service : SERVICES) {
            String yaml = read(HOME.resolve(service).resolve("src/main/resources/application.yml"));
            String connection = yamlValue(yaml, "schema");
            String flyway = yamlValue(yaml, "schemas");
            assertThat(connection).as(service + " connection schema").isNotBlank().isEqualTo(flyway);
            assertThat(schemas.add(connection)).as(service + " shares schema " + connection).isTrue();
        }
    }

    @Test
    void eachServiceTouchesOnlyTablesItsOwnMigrationsCreate() {
        Map<String, Set<String>> owned = new HashMap<>();
        for (String service : SERVICES) {
            Set<String> tables = new HashSet<>();
            for (Path migration : files(HOME.resolve(service).resolve("src/main/resources/db/migration"), ".sql")) {
                Matcher m = CREATE_TABLE.matcher(read(migration));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
            assertThat(tables).as(service + " creates its tables with Flyway").isNotEmpty();
            owned.put(service, tables);
        }
        for (String service : SERVICES) {
            for (Path source : files(HOME.resolve(service).resolve("src/main/java"), ".java")) {
                String sql = sqlText(read(source));
                Set<String> commonTableExpressions = new java.util.HashSet<>();
                Matcher cte = COMMON_TABLE_EXPRESSION.matcher(sql);
                while (cte.find()) {
                    commonTableExpressions.add(cte.group(1).toLowerCase(Locale.ROOT));
                }
                Matcher m = TABLE_USE.matcher(sql);
                while (m.find()) {
                    String table = m.group(1).toLowerCase(Locale.ROOT);
                    if (NOT_TABLES.contains(table) || commonTableExpressions.contains(table)) {
                        continue;
                    }
                    assertThat(owned.get(service)).as(source + " uses table " + table).contains(table);
                }
            }
        }
    }

    @Test
    void commandSideAndProjectorsStayApart() {
        JavaClasses command = classes("ledger-command");
        JavaClasses projectors = new ClassFileImporter().importPaths(
                HOME.resolve("ledger-query/target/classes"), HOME.resolve("ranking-projector/target/classes"),
                HOME.resolve("ledger-projection/target/classes"));
        noClasses().should().dependOnClassesThat().resideInAnyPackage("cn.ledger.query..", "cn.ledger.ranking..",
                "cn.ledger.projection..").because("the command side never reads read models").check(command);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "cn.ledger.command..")
                .because("projectors are fed by ledger.events only and never write the event store").check(projectors);
        noClasses().that().resideInAPackage("cn.ledger.query..").should().dependOnClassesThat()
                .resideInAPackage("cn.ledger.ranking..").check(projectors);
        noClasses().that().resideInAPackage("cn.ledger.ranking..").should().dependOnClassesThat()
                .resideInAPackage("cn.ledger.query..").check(projectors);
    }

    private static JavaClasses classes(String module) {
        Path path = HOME.resolve(module).resolve("target/classes");
        assertThat(path).as("compiled classes of " + module).isDirectory();
        return new ClassFileImporter().importPath(path);
    }

    /** The string literals of a Java source, where its SQL lives. */
    private static String sqlText(String java) {
        StringBuilder sql = new StringBuilder();
        Matcher blocks = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL).matcher(java);
        while (blocks.find()) {
            sql.append(blocks.group(1)).append('\n');
        }
        Matcher strings = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"").matcher(blocks.replaceAll(""));
        while (strings.find()) {
            sql.append(strings.group(1)).append('\n');
        }
        return sql.toString();
    }

    private static String yamlValue(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^\\s+" + key + ":\\s*([A-Za-z0-9_]+)\\s*$").matcher(yaml);
        return m.find() ? m.group(1) : null;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
