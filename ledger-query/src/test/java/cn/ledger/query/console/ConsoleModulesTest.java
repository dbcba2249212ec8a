package cn.ledger.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's ES modules link: no module exports one name twice, and every name a module imports from
 * another is exported there. Either mistake stops the browser from loading any page, which the browser tests
 * find only after a minute's wait per test; this finds it at once.
 */
class ConsoleModulesTest {

    static final Path CONSOLE = Path.of("src/main/resources/static/console");
    static final Pattern EXPORT = Pattern.compile(
            "(?m)^export\\s+(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+([A-Za-z_$][\\w$]*)");
    static final Pattern EXPORT_LIST = Pattern.compile("(?m)^export\\s*\\{([^}]*)}");
    static final Pattern IMPORT = Pattern.compile("import\\s*\\{([^}]*)}\\s*from\\s*'\\./([\\w.-]+)'");

    @Test
    void everyImportedNameIsExportedOnceByItsModule() throws IOException {
        Map<String, String> sources = new HashMap<>();
        try (Stream<Path> files = Files.list(CONSOLE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                sources.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertThat(sources).containsKey("app.js");
        Map<String, Set<String>> exports = new HashMap<>();
        List<String> problems = new ArrayList<>();
        sources.forEach((file, source) -> {
            Set<String> names = new HashSet<>();
            Matcher m = EXPORT.matcher(source);
            while (m.find()) {
                if (!names.add(m.group(1))) {
                    problems.add(file + " exports " + m.group(1) + " twice");
                }
            }
            Matcher list = EXPORT_LIST.matcher(source);
            while (list.find()) {
                for (String name : list.group(1).split(",")) {
                    String[] parts = name.trim().split("\\s+as\\s+");
                    if (!parts[parts.length - 1].isBlank() && !names.add(parts[parts.length - 1])) {
                        problems.add(file + " exports " + parts[parts.length - 1] + " twice");
                    }
                }
            }
            exports.put(file, names);
        });
        sources.forEach((file, source) -> {
            Matcher m = IMPORT.matcher(source);
            while (m.find()) {
                String from = m.group(2);
                if (!exports.containsKey(from)) {
                    problems.add(file + " imports from " + from + ", which is not in the console");
                    continue;
                }
                for (String name : m.group(1).split(",")) {
                    String imported = name.trim().split("\\s+as\\s+")[0];
                    if (!imported.isEmpty() && !exports.get(from).contains(imported)) {
                        problems.add(file + " imports " + imported + " from " + from + ", which does not export it");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }
}
