package cn.ledger.query.eligibility;

import cn.ledger.contract.CardColour;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** A card (亮牌) issued to the cadre's unit for one aspect and one quarter, written like {@code 2023-Q3}. */
public record UnitCard(String cardId, Quarter quarter, CardColour colour, String aspect, LocalDate effectiveDate,
        Instant recordedAt, String eventId) implements LedgerRecord {

    public UnitCard {
        Objects.requireNonNull(cardId, "cardId");
        Objects.requireNonNull(quarter, "quarter");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
    }

    public UnitCard(String cardId, String quarter, CardColour colour, String aspect, LocalDate effectiveDate,
            Instant recordedAt, String eventId) {
        this(cardId, Quarter.parse(quarter), colour, aspect, effectiveDate, recordedAt, eventId);
    }

    @Override
    public String recordId() {
        return cardId;
    }
}
