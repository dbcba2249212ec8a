package cn.ledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.security.web.Problems;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class ConflictProblemTest {

    final ProblemHandler handler = new ProblemHandler();

    @Test
    void aLostRaceIsAConflictThatAppendedNothingNotAnExistingRecord() {
        ProblemDetail problem = handler.concurrency(new ConcurrencyException("another command appended first")).getBody();
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType()).isEqualTo(Problems.CONFLICT);
        assertThat(problem.getDetail()).contains("nothing was appended").doesNotContainIgnoringCase("exists");
    }

    @Test
    void aTakenIdIsAlreadyExistsNamingTheField() {
        ProblemDetail problem = handler.alreadyExists(new AlreadyExists("unitId", "is taken")).getBody();
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType()).isEqualTo(Problems.ALREADY_EXISTS);
        assertThat(problem.getProperties().get("errors").toString()).contains("unitId");
    }

    @Test
    void aStreamCreationConflictIsCountedAsAConflictAndNamesTheRegisteredId() {
        assertThat(CommandSender.outcome(new IllegalStateException(new AggregateStreamCreationException("exists"))))
                .isEqualTo("conflict");
        assertThat(CommandSender.idField(new RegisterUnit("u", null, null, null, null))).isEqualTo("unitId");
        assertThat(CommandSender.idField(new RegisterCadre("c", null, null, null, null, null, null, null, null, 0,
                null, null))).isEqualTo("cadreId");
    }
}
