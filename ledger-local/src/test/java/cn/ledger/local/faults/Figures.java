package cn.ledger.local.faults;

import java.util.ArrayList;
import java.util.List;

/** The reliability figures of one run: one row per fault, printed as a Markdown table. */
final class Figures {

    record Row(String fault, long acknowledged, long stored, long onTopic, long topicDuplicates, long ledgerQuery,
            long ranking, long duplicatesApplied, long lost, long refused, long appliedTwice, String recovery) {}

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    synchronized String table() {
        StringBuilder out = new StringBuilder();
        out.append("| fault | acknowledged (2xx) | in the store | on the topic | copies on the topic | "
                + "applied by ledger-query | applied by ranking-projector | duplicates applied | lost | "
                + "answers other than 2xx (503, 409, none) | commands stored twice | recovery |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        long[] sums = new long[10];
        for (Row r : rows) {
            out.append("| ").append(r.fault()).append(" | ").append(r.acknowledged()).append(" | ").append(r.stored())
                    .append(" | ").append(r.onTopic()).append(" | ").append(r.topicDuplicates()).append(" | ")
                    .append(r.ledgerQuery()).append(" | ").append(r.ranking()).append(" | ")
                    .append(r.duplicatesApplied()).append(" | ").append(r.lost()).append(" | ").append(r.refused())
                    .append(" | ").append(r.appliedTwice()).append(" | ").append(r.recovery()).append(" |\n");
            long[] v = {r.acknowledged(), r.stored(), r.onTopic(), r.topicDuplicates(), r.ledgerQuery(), r.ranking(),
                    r.duplicatesApplied(), r.lost(), r.refused(), r.appliedTwice()};
            for (int i = 0; i < v.length; i++) {
                sums[i] += v[i];
            }
        }
        out.append("| **total** |");
        for (long s : sums) {
            out.append(" **").append(s).append("** |");
        }
        out.append(" |\n");
        return out.toString();
    }

    synchronized long duplicatesAndLost() {
        return rows.stream().mapToLong(r -> r.duplicatesApplied() + r.lost()).sum();
    }
}
