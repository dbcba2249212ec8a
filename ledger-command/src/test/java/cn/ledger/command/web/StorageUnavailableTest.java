package cn.ledger.command.web;

import cn.ledger.security.web.StorageUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class StorageUnavailableTest {

    @Test
    void recognisesAnUnreachableDatabaseHoweverItIsWrapped() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat(StorageUnavailable.isCause(new CannotGetJdbcConnectionException("no connection", refused))).isTrue();
        assertThat(StorageUnavailable.isCause(new CannotCreateTransactionException("no connection", refused))).isTrue();
        assertThat(StorageUnavailable.isCause(new CommandExecutionException("failed",
                new EventStoreException("could not store", refused)))).isTrue();
        assertThat(StorageUnavailable.isCause(new IllegalStateException("wrapped",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(StorageUnavailable.isCause(new SQLException("terminating connection", "57P01"))).isTrue();
    }

    @Test
    void leavesOtherFailuresAlone() {
        assertThat(StorageUnavailable.isCause(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(StorageUnavailable.isCause(new EventStoreException("An event for aggregate [c] at sequence [3] was "
                + "already inserted", new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(StorageUnavailable.isCause(new IllegalArgumentException("bad"))).isFalse();
        assertThat(StorageUnavailable.isCause(null)).isFalse();
    }
}
