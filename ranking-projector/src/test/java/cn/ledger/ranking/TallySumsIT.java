package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The monthly tally is summed per batch in memory and written once per unit and month: many records of
 * one unit sent back to back (so that the consumer takes them in batches), revocations among them (a
 * read in the middle of a batch), and some of them delivered twice, add up to exactly what each record
 * adds once.
 */
class TallySumsIT extends RankingProjectorIT {

    private record Expected(int positive, BigDecimal positivePoints, int negative, BigDecimal negativePoints, int blue,
            int yellow, int red) {

        static Expected none() {
            return new Expected(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0, 0, 0);
        }
    }

    @Test
    void recordsSentTogetherAddUpOnceEachWhateverTheBatches() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        String unit = "u-ts-" + p;
        unit(unit, UnitCategory.STREET_OFFICE, null);
        List<String> cadres = List.of("c-ts1-" + p, "c-ts2-" + p);
        Map<String, Long> sequences = new HashMap<>();
        List<LedgerEnvelope> envelopes = new ArrayList<>();
        LocalDate day = LocalDate.parse("2020-01-01");
        for (String cadre : cadres) {
            envelopes.add(envelope(sequences, cadre, "Cadre", new CadreRegistered(cadre, "干部", unit, "科员", "乡科副", day,
                    "一级科员", day, day, 0, null, day)));
        }
        Random random = new Random(20261204);
        Map<String, Expected> expected = new LinkedHashMap<>(Map.of("2023-09", Expected.none(), "2023-10",
                Expected.none()));
        // what each record added, to take it back out when it is revoked: month, kind, points
        Map<String, Object[]> counted = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            String cadre = cadres.get(random.nextInt(cadres.size()));
            String month = random.nextBoolean() ? "2023-09" : "2023-10";
            LocalDate date = LocalDate.parse(month + "-1" + random.nextInt(10));
            BigDecimal points = BigDecimal.valueOf(1 + random.nextInt(10), 1);
            int choice = random.nextInt(10);
            String id = UUID.randomUUID().toString();
            if (choice < 4) {
                envelopes.add(envelope(sequences, cadre, "Cadre", new PositiveEntryRecorded(cadre, id, "经济运行", points,
                        "x", List.of(), date)));
                counted.put(id, new Object[] {month, "P", points, cadre});
            } else if (choice < 7) {
                envelopes.add(envelope(sequences, cadre, "Cadre", new NegativeEntryRecorded(cadre, id, "平安建设", points,
                        "x", List.of(), date, null)));
                counted.put(id, new Object[] {month, "N", points, cadre});
            } else if (choice < 9) {
                CardColour colour = CardColour.values()[random.nextInt(3)];
                envelopes.add(envelope(sequences, unit, "Unit", new CardIssued(unit, id, "经济运行", "2023-Q3", colour,
                        null, LocalDate.parse("2023-09-30"))));
                counted.put(id, new Object[] {"2023-09", colour.name(), null, unit});
            } else if (!counted.isEmpty()) {
                List<String> ids = new ArrayList<>(counted.keySet());
                String revoked = ids.get(random.nextInt(ids.size()));
                Object[] what = counted.remove(revoked);
                envelopes.add(envelope(sequences, (String) what[3], what[3].equals(unit) ? "Unit" : "Cadre",
                        new RecordRevoked((String) what[3], revoked, "录入错误", null, LocalDate.parse("2023-10-08"))));
            }
        }
        counted.values().forEach(what -> expected.computeIfPresent((String) what[0], (m, e) -> add(e, what)));

        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (LedgerEnvelope envelope : envelopes) {
            sent.add(kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)));
        }
        // at-least-once: some records come again, in a batch of their own and among the others
        for (int i = 0; i < 15; i++) {
            sent.add(kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS,
                    envelopes.get(2 + random.nextInt(envelopes.size() - 2)))));
        }
        for (CompletableFuture<?> f : sent) {
            f.get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Map.Entry<String, Expected> month : expected.entrySet()) {
                assertThat(tally(month.getKey(), unit)).as(month.getKey()).isEqualTo(month.getValue());
            }
        });
    }

    private static Expected add(Expected e, Object[] what) {
        BigDecimal points = (BigDecimal) what[2];
        return switch ((String) what[1]) {
            case "P" -> new Expected(e.positive() + 1, e.positivePoints().add(points).stripTrailingZeros(), e.negative(),
                    e.negativePoints(),
                    e.blue(), e.yellow(), e.red());
            case "N" -> new Expected(e.positive(), e.positivePoints(), e.negative() + 1,
                    e.negativePoints().add(points).stripTrailingZeros(),
                    e.blue(), e.yellow(), e.red());
            case "BLUE" -> new Expected(e.positive(), e.positivePoints(), e.negative(), e.negativePoints(), e.blue() + 1,
                    e.yellow(), e.red());
            case "YELLOW" -> new Expected(e.positive(), e.positivePoints(), e.negative(), e.negativePoints(), e.blue(),
                    e.yellow() + 1, e.red());
            default -> new Expected(e.positive(), e.positivePoints(), e.negative(), e.negativePoints(), e.blue(),
                    e.yellow(), e.red() + 1);
        };
    }

    private Expected tally(String month, String unit) throws Exception {
        for (JsonNode line : get("/api/v1/tallies/monthly/" + month)) {
            if (line.get("unitId").asText().equals(unit)) {
                return new Expected(line.get("positiveEntries").asInt(), line.get("positivePoints").decimalValue()
                        .stripTrailingZeros(), line.get("negativeEntries").asInt(),
                        line.get("negativePoints").decimalValue().stripTrailingZeros(), line.get("blueCards").asInt(),
                        line.get("yellowCards").asInt(), line.get("redCards").asInt());
            }
        }
        return null;
    }

    private static LedgerEnvelope envelope(Map<String, Long> sequences, String subject, String type, LedgerEvent event) {
        long sequence = sequences.merge(subject, 1L, Long::sum) - 1;
        if (type.equals("Unit")) {
            sequence += 1; // the unit's registration, published by unit(…), was its sequence 0
        }
        return new LedgerEnvelope(UUID.randomUUID().toString(), type, subject, sequence, Instant.now(), "it-assessor",
                "it", event);
    }
}
