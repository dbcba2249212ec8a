package cn.ledger.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.testing.ErrorTable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/errors.md documents every type of the catalogue, and its table names only services and types that exist. */
class ErrorTableTest {

    @Test
    void everyTypeOfTheCatalogueIsDocumentedAndTheTableNamesOnlyKnownOnes() throws Exception {
        String text = Files.readString(ErrorTable.file());
        List<String> catalogue = new ArrayList<>();
        for (Field f : Problems.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == URI.class) {
                catalogue.add(f.get(null).toString().substring(Problems.BASE.length()));
            }
        }
        assertThat(catalogue).contains("validation", "unavailable", "idempotency-key-in-progress");
        for (String type : catalogue) {
            assertThat(text).as("docs/errors.md documents " + type).contains("`" + type + "`");
        }
        List<ErrorTable.Row> rows = ErrorTable.rows();
        assertThat(rows).hasSizeGreaterThan(30);
        for (ErrorTable.Row row : rows) {
            assertThat(Set.of("ledger-command", "ledger-query", "ranking-projector")).containsAll(row.services());
            // a type of the catalogue, or the one Spring's own refusals get for their status
            String forStatus = Problems.forStatus(row.status()).toString().substring(Problems.BASE.length());
            assertThat(catalogue.contains(row.type()) || row.type().equals(forStatus))
                    .as(row.name() + ": " + row.type() + " is a known type").isTrue();
        }
    }
}
