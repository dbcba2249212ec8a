package cn.ledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.command.RuleViolation;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class CommandRetryTest {

    record Attempt(String id) {}

    final AtomicInteger attempts = new AtomicInteger();
    final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    final CommandGateway gateway = new AxonStorageConfig().commandGateway(bus);

    @Test
    void refusesABrokenRuleAtOnce() {
        bus.subscribe(Attempt.class.getName(), command -> {
            attempts.incrementAndGet();
            throw RuleViolation.invalid("effectiveDate", "is in the future");
        });
        assertThatThrownBy(() -> gateway.sendAndWait(new Attempt("a"))).isInstanceOf(RuleViolation.class);
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
