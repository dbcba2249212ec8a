package cn.ledger.command.cadre;

import cn.ledger.contract.InterviewKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a cadre's stream. */
public final class CadreCommands {

    private CadreCommands() {}

    public enum Polarity { POSITIVE, NEGATIVE }

    public record RegisterCadre(
            @TargetAggregateIdentifier String cadreId, String name, String unitId, String post, String postLevel,
            LocalDate postSince, String rank, LocalDate rankSince, LocalDate workStartDate, int grassrootsYears,
            String education, LocalDate effectiveDate) {}

    public record RecordEntry(
            @TargetAggregateIdentifier String cadreId, String entryId, Polarity polarity, String aspect,
            BigDecimal points, String summary, List<String> evidence, LocalDate effectiveDate) {}

    public record RecordInterview(
            @TargetAggregateIdentifier String cadreId, String interviewId, InterviewKind kind, String interviewer,
            String reason, LocalDate effectiveDate) {}
}
