package cn.ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table's ratio and verdict columns, for figures whose ratios were worked out by hand. */
class ReportTest {

    @Test
    void printsOursOverTheLimitAndTheVerdict() {
        Report report = new Report();
        // 1,234 / 2,468 = 0.50; 9.8 / 24.5 = 0.40; 31 ms / 4 ms = 7.75; 12 / 8 = 1.5
        report.add(new Report.Row("Append, 1 client", "commands/s", 1234, 2468.0, "raw INSERT commits", "≥ 0.50", true, null));
        report.add(new Report.Row("Rebuild x", "events/s", 9.8, 24.5, "raw consumer", "≥ 0.50", false, null));
        report.add(new Report.Row("Lag p99", "ms", 31, 4.0, "one raw INSERT commit p99", "≤ 250 ms", true, null));
        report.add(new Report.Row("Command latency p99", "ms", 12, 8.0, "a fresh cadre's p99", "≤ 1.5×", true, null));
        report.add(new Report.Row("No limit", "ms", 3.25, null, null, null, null, null));

        assertThat(report.markdown()).contains(
                "| Append, 1 client | 1,234 commands/s | 2,468 commands/s (raw INSERT commits) | 0.50 | ≥ 0.50 | yes |\n",
                "| Rebuild x | 9.80 events/s | 24.5 events/s (raw consumer) | 0.40 | ≥ 0.50 | **no** |\n",
                "| Lag p99 | 31.0 ms | 4.00 ms (one raw INSERT commit p99) | 7.75 | ≤ 250 ms | yes |\n",
                "| Command latency p99 | 12.0 ms | 8.00 ms (a fresh cadre's p99) | 1.50 | ≤ 1.5× | yes |\n",
                "| No limit | 3.25 ms | — | — | — | — |\n");
        assertThat(report.json().get("figures").toString()).contains("ratio=0.5,", "ratio=0.4,", "ratio=7.75,",
                "ratio=1.5,", "ratio=null,");
    }
}
