package cn.ledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.command.RuleViolation;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class CommandRetryTest {

    record Attempt(String id) {}

    final AtomicInteger attempts = new AtomicInteger();
    final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    final CommandGateway gateway = AxonStorageConfig.retryingGateway(bus);

    @Test
    void checksARefusalOnceMoreAndThenStandsByIt() {
        bus.subscribe(Attempt.class.getName(), command -> {
            attempts.incrementAndGet();
            throw RuleViolation.invalid("effectiveDate", "is in the future");
        });
        assertThatThrownBy(() -> gateway.sendAndWait(new Attempt("a"))).isInstanceOf(RuleViolation.class);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void acceptsWhatTheSecondLookAllows() {
        bus.subscribe(Attempt.class.getName(), command -> {
            if (attempts.incrementAndGet() == 1) {
                throw RuleViolation.invalid("entryId", "no record e-1 for this cadre");
            }
            return "stored";
        });
        assertThat((String) gateway.sendAndWait(new Attempt("c"))).isEqualTo("stored");
    }

    @Test
    void refusesARuleBrokenAfterALostRace() {
        bus.subscribe(Attempt.class.getName(), command -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ConcurrencyException("another command appended first");
            }
            throw RuleViolation.conflict("entryId", "already revoked");
        });
        assertThatThrownBy(() -> gateway.sendAndWait(new Attempt("d"))).isInstanceOf(RuleViolation.class);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void doesNotTryAgainToCreateAStreamWhoseIdIsTaken() {
        bus.subscribe(Attempt.class.getName(), command -> {
            attempts.incrementAndGet();
            throw new AggregateStreamCreationException("the stream u-1 exists");
        });
        assertThatThrownBy(() -> gateway.sendAndWait(new Attempt("e")))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retriesALostRace() {
        bus.subscribe(Attempt.class.getName(), command -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ConcurrencyException("another command appended first");
            }
            return "stored";
        });
        assertThat((String) gateway.sendAndWait(new Attempt("b"))).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
    }
}
