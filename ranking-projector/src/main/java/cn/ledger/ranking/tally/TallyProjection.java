package cn.ledger.ranking.tally;

import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.projection.Projection;
import java.time.LocalDate;
import java.time.YearMonth;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The monthly per-unit tally: what each unit and its cadres collected in the month an event took effect. */
@Component
public class TallyProjection implements Projection {

    private final JdbcTemplate jdbc;

    public TallyProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "ranking-projector";
    }

    @Override
    public void apply(LedgerEnvelope envelope) {
        LedgerEvent event = envelope.event();
        if (event instanceof UnitRegistered e) {
            jdbc.update("INSERT INTO unit (unit_id, name, category, parent_unit_id) VALUES (?, ?, ?, ?)",
                    e.unitId(), e.name(), e.category().name(), e.parentUnitId());
        } else if (event instanceof CadreRegistered e) {
            jdbc.update("INSERT INTO cadre_unit (cadre_id, unit_id) VALUES (?, ?)", e.cadreId(), e.unitId());
        } else if (event instanceof PositiveEntryRecorded e) {
            add(unitOf(e.cadreId()), e.effectiveDate(), "positive_entries = t.positive_entries + 1, "
                    + "positive_points = t.positive_points + ?", e.points());
        } else if (event instanceof NegativeEntryRecorded e) {
            add(unitOf(e.cadreId()), e.effectiveDate(), "negative_entries = t.negative_entries + 1, "
                    + "negative_points = t.negative_points + ?", e.points());
        } else if (event instanceof InterviewRecorded e) {
            add(e.unitId(), e.effectiveDate(), "interviews = t.interviews + 1");
        } else if (event instanceof CardIssued e) {
            String column = e.colour().name().toLowerCase() + "_cards";
            add(e.unitId(), e.effectiveDate(), column + " = t." + column + " + 1");
        }
    }

    private String unitOf(String cadreId) {
        return jdbc.queryForObject("SELECT unit_id FROM cadre_unit WHERE cadre_id = ?", String.class, cadreId);
    }

    private void add(String unitId, LocalDate effectiveDate, String increment, Object... args) {
        String month = YearMonth.from(effectiveDate).toString();
        jdbc.update("INSERT INTO monthly_unit_tally AS t (unit_id, month) VALUES (?, ?) ON CONFLICT DO NOTHING",
                unitId, month);
        Object[] all = new Object[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = month;
        all[args.length + 1] = unitId;
        jdbc.update("UPDATE monthly_unit_tally AS t SET " + increment + " WHERE t.month = ? AND t.unit_id = ?", all);
    }
}
