package cn.ledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DuplicateKeyResolverTest {

    private final DuplicateKeyResolver resolver = new DuplicateKeyResolver();

    @Test
    void findsTheUniqueViolationInsideABatchFailure() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO domain_event_entry … was aborted",
                "23505", 0, new int[0]);
        assertThat(resolver.isDuplicateKeyViolation(batch)).isTrue();

        BatchUpdateException wrapping = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        wrapping.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(wrapping))).isTrue();
    }

    @Test
    void otherFailuresAreNotDuplicates() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("no SQL here"))).isFalse();
    }
}
