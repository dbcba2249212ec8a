package cn.ledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FieldAtFaultTest {

    record Entry(BigDecimal points, List<Item> items) {}

    record Item(int count) {}

    @Test
    void aBodyThatCannotBeReadNamesTheFieldAtFault() {
        JsonMapper mapper = JsonMapper.builder().build();
        Throwable wrongType = catchThrowable(() -> mapper.readValue("{\"points\":\"lots\"}", Entry.class));
        assertThat(ProblemHandler.fieldAtFault(wrongType)).extracting(ProblemHandler.FieldError::field)
                .containsExactly("points");
        Throwable nested = catchThrowable(() -> mapper.readValue("{\"items\":[{\"count\":\"x\"}]}", Entry.class));
        assertThat(ProblemHandler.fieldAtFault(new IllegalStateException(nested)))
                .extracting(ProblemHandler.FieldError::field).containsExactly("items.0.count");
        assertThat(ProblemHandler.fieldAtFault(new IllegalStateException("no parser involved"))).isEmpty();
    }
}
