package cn.ledger.local.faults;

import java.util.ArrayList;
import java.util.List;

/** The reliability figures of one run: one row per fault, printed as a Markdown table. */
final class Figures {

    /**
     * One fault's figures. {@code refused} counts every answer other than 2xx, retried ones included;
     * {@code failed} the commands whose final answer was neither 2xx nor a documented refusal, and
     * client-side failures.
     */
    record Row(String fault, long acknowledged, long stored, long onTopic, long topicDuplicates, long ledgerQuery,
            long ranking, long appliedTwice, long lost, long refused, long storedTwice, long outOfOrder, long failed,
            String recovery) {

        long[] counts() {
            return new long[] {acknowledged, stored, onTopic, topicDuplicates, ledgerQuery, ranking, appliedTwice, lost,
                    storedTwice, outOfOrder, failed, refused};
        }

        long defects() {
            return appliedTwice + lost + storedTwice + outOfOrder + failed;
        }
    }

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
                + "applied by ledger-query | applied by ranking-projector | applied twice | lost | stored twice | "
                + "published out of order | failed commands | answers other than 2xx (503, 409, none; retried) | "
                + "recovery |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        long[] sums = new long[12];
        for (Row r : rows) {
            out.append("| ").append(r.fault()).append(" |");
            long[] v = r.counts();
            for (int i = 0; i < v.length; i++) {
                out.append(' ').append(v[i]).append(" |");
                sums[i] += v[i];
            }
            out.append(' ').append(r.recovery()).append(" |\n");
        }
        out.append("| **total** |");
        for (long s : sums) {
            out.append(" **").append(s).append("** |");
        }
        out.append(" |\n");
        return out.toString();
    }

    /** Lost, stored twice, applied twice, published out of order and failed, over every fault. */
    synchronized long defects() {
        return rows.stream().mapToLong(Row::defects).sum();
    }
}
